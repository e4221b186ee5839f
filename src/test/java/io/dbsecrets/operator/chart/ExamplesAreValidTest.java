package io.dbsecrets.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbsecrets.operator.api.ExternalDbSecret;
import io.dbsecrets.operator.api.ExternalDbSecretSpec;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** examples/ must stay installable as the CRD and the Java model evolve. */
class ExamplesAreValidTest {
  private static final Path EXAMPLES = Path.of("examples");
  private static final ObjectMapper STRICT = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  private static List<HasMetadata> resources;
  private static JSONSchemaProps specSchema;

  @BeforeAll
  static void load() throws IOException {
    resources = new ArrayList<>();
    try (Stream<Path> files = Files.list(EXAMPLES)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        resources.addAll(Chart.parse(Files.readString(f)));
      }
    }
    CustomResourceDefinition crd = Serialization.unmarshal(
        Files.readString(ChartCrdIsCurrentTest.TOP_LEVEL_CRD), CustomResourceDefinition.class);
    specSchema = crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema().getProperties().get("spec");
  }

  @Test
  void everyExternalDbSecretConformsToTheCrdSchemaAndTheJavaModel() throws IOException {
    List<JsonNode> specs = externalDbSecretSpecs();
    assertThat(specs).hasSizeGreaterThanOrEqualTo(3);
    for (JsonNode spec : specs) {
      List<String> errors = new ArrayList<>();
      validate(specSchema, spec, "spec", errors);
      assertThat(errors).as("schema errors in example %s", spec.get("secretId")).isEmpty();
      assertThat(spec.has("versionId") && spec.has("versionStage")).as("versionId and versionStage are exclusive")
          .isFalse();
      STRICT.treeToValue(spec, ExternalDbSecretSpec.class);
    }
  }

  @Test
  void examplesCoverTheThreeSecretShapes() {
    List<JsonNode> specs = externalDbSecretSpecs();
    assertThat(specs).as("RDS-managed JSON: explicit keys and a templated JDBC URL")
        .anyMatch(s -> s.path("data").size() > 0 && s.path("template").size() > 0);
    assertThat(specs).as("key/value JSON: every field becomes a key")
        .anyMatch(s -> !s.has("data") && !s.has("template"));
    assertThat(specs).as("plain string: a key holding the whole secret string")
        .anyMatch(s -> s.path("data").size() > 0 && !s.path("data").get(0).has("property"));
    assertThat(resources).filteredOn(r -> r.getKind().equals("ExternalDbSecret"))
        .allSatisfy(r -> assertThat(r.getApiVersion()).isEqualTo(ExternalDbSecret.GROUP + "/" + ExternalDbSecret.VERSION));
  }

  @Test
  void sampleDeploymentReadsASecretThatAnExampleWritesAndIsItsRolloutTarget() {
    Deployment app = resources.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast)
        .findFirst().orElseThrow();
    List<String> secretsUsed = app.getSpec().getTemplate().getSpec().getContainers().stream()
        .flatMap(c -> c.getEnvFrom().stream()).map(e -> e.getSecretRef().getName()).toList();
    JsonNode writer = externalDbSecretSpecs().stream()
        .filter(s -> secretsUsed.contains(s.path("target").path("name").asText()))
        .findFirst().orElseThrow(() -> new AssertionError("no example writes any of " + secretsUsed));
    assertThat(writer.path("rollout").path("targets")).anySatisfy(t -> {
      assertThat(t.path("kind").asText()).isEqualTo("Deployment");
      assertThat(t.path("name").asText()).isEqualTo(app.getMetadata().getName());
    });
  }

  private static List<JsonNode> externalDbSecretSpecs() {
    return resources.stream().filter(r -> r.getKind().equals("ExternalDbSecret"))
        .map(r -> STRICT.valueToTree(((GenericKubernetesResource) r).getAdditionalProperties().get("spec")))
        .map(JsonNode.class::cast)
        .toList();
  }

  /** The parts of structural-schema validation that the CRD uses: types, properties, required, pattern, enum. */
  static void validate(JSONSchemaProps schema, JsonNode node, String path, List<String> errors) {
    switch (schema.getType()) {
      case "object" -> {
        if (!node.isObject()) {
          errors.add(path + ": expected an object");
          return;
        }
        if (schema.getRequired() != null) {
          schema.getRequired().stream().filter(r -> !node.has(r))
              .forEach(r -> errors.add(path + "." + r + ": required"));
        }
        Map<String, JSONSchemaProps> properties = schema.getProperties();
        JSONSchemaProps additional = schema.getAdditionalProperties() == null
            ? null : schema.getAdditionalProperties().getSchema();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
          var field = it.next();
          String fieldPath = path + "." + field.getKey();
          if (properties != null && properties.containsKey(field.getKey())) {
            validate(properties.get(field.getKey()), field.getValue(), fieldPath, errors);
          } else if (additional != null) {
            validate(additional, field.getValue(), fieldPath, errors);
          } else if (!Boolean.TRUE.equals(schema.getXKubernetesPreserveUnknownFields())) {
            errors.add(fieldPath + ": unknown field");
          }
        }
      }
      case "array" -> {
        if (!node.isArray()) {
          errors.add(path + ": expected an array");
          return;
        }
        for (int i = 0; i < node.size(); i++) {
          validate(schema.getItems().getSchema(), node.get(i), path + "[" + i + "]", errors);
        }
      }
      case "string" -> {
        if (!node.isTextual()) {
          errors.add(path + ": expected a string");
          return;
        }
        if (schema.getPattern() != null && !node.asText().matches(schema.getPattern())) {
          errors.add(path + ": '" + node.asText() + "' does not match " + schema.getPattern());
        }
        if (schema.getEnum() != null && !schema.getEnum().isEmpty()
            && schema.getEnum().stream().noneMatch(e -> e.asText().equals(node.asText()))) {
          errors.add(path + ": '" + node.asText() + "' is not one of " + schema.getEnum());
        }
      }
      case "boolean" -> {
        if (!node.isBoolean()) {
          errors.add(path + ": expected a boolean");
        }
      }
      case "integer" -> {
        if (!node.isIntegralNumber()) {
          errors.add(path + ": expected an integer");
        }
      }
      default -> { }
    }
  }
}
