package io.dbsecrets.operator.chart;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Renders the Helm chart in-process (helm-java, no helm binary) and parses what it renders. */
final class Chart {
  static final Path DIR = Path.of("helm", "externaldbsecret-operator");
  static final String RELEASE = "externaldbsecret-operator";
  static final String NAMESPACE = "dbsecrets-system";

  private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");

  private Chart() {}

  /** The manifests `helm template` prints for these values (YAML, empty for the defaults). */
  static String template(String valuesYaml) {
    Path values = writeValues(valuesYaml);
    try {
      return new Helm(DIR).template()
          .withName(RELEASE)
          .withNamespace(NAMESPACE)
          .withValuesFile(values)
          .call();
    } finally {
      deleteQuietly(values);
    }
  }

  static Rendered render(String valuesYaml) {
    return new Rendered(parse(template(valuesYaml)));
  }

  static Rendered renderDefaults() {
    return render("");
  }

  static List<HasMetadata> parse(String multiDocumentYaml) {
    List<HasMetadata> resources = new ArrayList<>();
    for (String document : DOCUMENT_SEPARATOR.split(multiDocumentYaml)) {
      if (document.lines().allMatch(l -> l.isBlank() || l.stripLeading().startsWith("#"))) {
        continue;
      }
      resources.add(Serialization.unmarshal(document, HasMetadata.class));
    }
    return resources;
  }

  private static Path writeValues(String valuesYaml) {
    try {
      Path file = Files.createTempFile("chart-values", ".yaml");
      Files.writeString(file, valuesYaml);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // a leftover temp file is harmless
    }
  }

  /** The parsed output of one render, with typed look-ups. */
  record Rendered(List<HasMetadata> resources) {
    <T extends HasMetadata> List<T> all(Class<T> type) {
      return resources.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> T one(Class<T> type) {
      List<T> found = all(type);
      if (found.size() != 1) {
        throw new AssertionError("expected one " + type.getSimpleName() + ", found " + found.size());
      }
      return found.get(0);
    }

    Optional<HasMetadata> find(String kind, String name) {
      return resources.stream()
          .filter(r -> r.getKind().equals(kind) && r.getMetadata().getName().equals(name))
          .findFirst();
    }

    List<HasMetadata> ofKind(String kind) {
      return resources.stream().filter(r -> r.getKind().equals(kind)).toList();
    }
  }
}
