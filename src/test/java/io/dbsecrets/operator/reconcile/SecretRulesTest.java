package io.dbsecrets.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretRulesTest {

  @Test
  void opaqueSecretWithValidLabelsAndAnnotationsPasses() {
    Secret secret = secret("Opaque", Map.of("app.kubernetes.io/name", "api", "tier", ""),
        Map.of("example.com/note", "any text: spaces, quotes \" and all"), Map.of("DB_PASSWORD", "pw"));

    assertThat(SecretRules.problems(secret)).isEmpty();
  }

  @Test
  void invalidLabelAndAnnotationKeysAreNamed() {
    Secret secret = secret("Opaque", Map.of("bad key!", "v", "Example.COM/x", "v"), Map.of("a/b/c", "v"),
        Map.of("k", "v"));

    assertThat(SecretRules.problems(secret)).containsExactlyInAnyOrder(
        "label key 'bad key!' is not a valid Kubernetes label key",
        "label key 'Example.COM/x' is not a valid Kubernetes label key",
        "annotation key 'a/b/c' is not a valid Kubernetes annotation key");
  }

  @Test
  void labelValueOver63CharactersOrWithInvalidCharactersIsRefused() {
    Secret secret = secret("Opaque", Map.of("long", "x".repeat(64), "spaced", "a b", "fits", "y".repeat(63)),
        Map.of(), Map.of("k", "v"));

    assertThat(SecretRules.problems(secret)).containsExactlyInAnyOrder(
        "label 'long' has a value of 64 characters, more than 63",
        "label 'spaced' has a value that is not a valid label value (letters, digits, '-', '_' and '.', beginning "
            + "and ending with a letter or digit)");
  }

  @Test
  void annotationsOver256KibInTotalAreRefused() {
    Secret secret = secret("Opaque", Map.of(), Map.of("a", "x".repeat(128 * 1024), "b", "y".repeat(128 * 1024)),
        Map.of("k", "v"));

    assertThat(SecretRules.problems(secret)).containsExactly("annotations total 262146 bytes, more than 262144");
  }

  @Test
  void builtInTypesNeedTheirKeys() {
    assertThat(SecretRules.problems(secret("kubernetes.io/tls", Map.of(), Map.of(), Map.of("tls.crt", "c"))))
        .containsExactly("type kubernetes.io/tls requires the key 'tls.key', which the data does not have");
    assertThat(SecretRules.problems(secret("kubernetes.io/dockerconfigjson", Map.of(), Map.of(), Map.of("x", "y"))))
        .containsExactly("type kubernetes.io/dockerconfigjson requires the key '.dockerconfigjson', which the data "
            + "does not have");
    assertThat(SecretRules.problems(secret("kubernetes.io/basic-auth", Map.of(), Map.of(), Map.of("user", "u"))))
        .containsExactly("type kubernetes.io/basic-auth requires the key 'username' or 'password'");
    assertThat(SecretRules.problems(secret("kubernetes.io/ssh-auth", Map.of(), Map.of(), Map.of("key", "k"))))
        .hasSize(1);
    assertThat(SecretRules.problems(secret("kubernetes.io/tls", Map.of(), Map.of(),
        Map.of("tls.crt", "c", "tls.key", "k")))).isEmpty();
  }

  @Test
  void serviceAccountTokenNeedsTheServiceAccountAnnotation() {
    assertThat(SecretRules.problems(secret(SecretRules.SERVICE_ACCOUNT_TOKEN, Map.of(), Map.of(), Map.of("t", "v"))))
        .containsExactly("type kubernetes.io/service-account-token requires the annotation "
            + "'kubernetes.io/service-account.name' (spec.target.annotations)");
    assertThat(SecretRules.problems(secret(SecretRules.SERVICE_ACCOUNT_TOKEN, Map.of(),
        Map.of(SecretRules.SERVICE_ACCOUNT_NAME_ANNOTATION, "app"), Map.of("t", "v")))).isEmpty();
  }

  @Test
  void dataOverOneMibIsRefusedAndTheMessageHoldsNoValue() {
    String big = "s3cr3t".repeat(110_000);
    Secret secret = secret("Opaque", Map.of(), Map.of(), Map.of("a", big, "b", big));

    assertThat(SecretRules.problems(secret)).singleElement().satisfies(problem -> assertThat(problem)
        .isEqualTo("the data is 1320000 bytes, more than the 1048576 bytes a Secret may hold")
        .doesNotContain("s3cr3t"));
    assertThat(SecretRules.problems(secret("Opaque", Map.of(), Map.of(),
        Map.of("a", "x".repeat(SecretRules.MAX_DATA_BYTES))))).isEmpty();
  }

  private static Secret secret(String type, Map<String, String> labels, Map<String, String> annotations,
                               Map<String, String> values) {
    Map<String, String> data = new LinkedHashMap<>();
    values.forEach((k, v) -> data.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
    return new SecretBuilder().withNewMetadata().withName("db").withNamespace("payments").withLabels(labels)
        .withAnnotations(annotations).endMetadata().withType(type).withData(data).build();
  }
}
