package io.dbsecrets.operator.render;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Looks up JSON properties ("db.host", "hosts.0" in {@code data}; a parsed path in templates) and turns JSON values
 * into Secret bytes. A lookup depends on the names and nesting of fields only, never on a string or number value.
 */
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

  /** A template's field path: names (String) select object fields, indexes (Integer) array elements. */
  static Optional<JsonNode> find(JsonNode root, List<Object> path) {
    JsonNode node = root;
    for (Object segment : path) {
      if (segment instanceof Integer index && node.isArray()) {
        node = node.get(index);
      } else if (node.isObject()) {
        node = node.get(String.valueOf(segment));
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
    return toText(value).getBytes(StandardCharsets.UTF_8);
  }

  static String toText(JsonNode value) {
    if (value.isNull()) {
      return "";
    }
    return value.isTextual() ? value.textValue() : value.toString();
  }
}
