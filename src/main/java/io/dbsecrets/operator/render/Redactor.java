package io.dbsecrets.operator.render;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Removes every secret value from a message before it leaves the renderer: a template library's error may quote
 * the value it choked on.
 */
final class Redactor {
  private final List<String> secrets;

  private Redactor(Set<String> secrets) {
    this.secrets = secrets.stream().filter(s -> !s.isEmpty())
        .sorted(Comparator.comparingInt(String::length).reversed()).toList();
  }

  static Redactor of(SecretPayload payload) {
    Set<String> values = new LinkedHashSet<>();
    if (payload instanceof SecretPayload.Json json) {
      collect(json.fields(), values);
    } else if (payload instanceof SecretPayload.Text text) {
      values.add(text.text());
    }
    Set<String> withEncodings = new LinkedHashSet<>(values);
    values.forEach(v -> withEncodings.add(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return new Redactor(withEncodings);
  }

  private static void collect(JsonNode node, Set<String> into) {
    if (node.isContainerNode()) {
      node.forEach(child -> collect(child, into));
    } else if (!node.isNull()) {
      into.add(node.asText());
    }
  }

  String redact(String message) {
    if (message == null) {
      return "";
    }
    String result = message;
    for (String secret : secrets) {
      result = result.replace(secret, "***");
    }
    return result;
  }
}
