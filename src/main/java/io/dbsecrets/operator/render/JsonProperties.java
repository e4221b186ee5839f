package io.dbsecrets.operator.render;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Looks up dot-separated JSON properties ("db.host", "hosts.0") and turns JSON values into Secret bytes. */
final class JsonProperties {
  private JsonProperties() {}

  static Optional<JsonNode> find(JsonNode root, String property) {
    if (root.has(property)) {
      return Optional.of(root.get(property));
    }
    JsonNode node = root;
    for (String segment : property.split("\\.", -1)) {
      if (node.isArray() && segment.matches("[0-9]{1,9}")) { // longer than any array, and than an int
        node = node.get(Integer.parseInt(segment));
      } else if (node.isObject()) {
        node = node.get(segment);
      } else {
        return Optional.empty();
      }
      if (node == null) {
        return Optional.empty();
      }
    }
    return Optional.of(node);
  }

  /** Strings become their text; numbers, booleans, objects and arrays their JSON; null an empty value. */
  static byte[] toBytes(JsonNode value) {
    if (value.isNull()) {
      return new byte[0];
    }
    String text = value.isTextual() ? value.textValue() : value.toString();
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
