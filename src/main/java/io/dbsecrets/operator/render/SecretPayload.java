package io.dbsecrets.operator.render;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbsecrets.operator.aws.SecretValue;
import java.nio.charset.StandardCharsets;

/** A secret's content, classified: a JSON object, a plain string, or binary. */
sealed interface SecretPayload {
  /** Decimals as BigDecimal with their trailing zeros, so 1.10 is written as 1.10, not 1.1. */
  ObjectMapper JSON = JsonMapper.builder()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
      .build();

  String BYTE_ORDER_MARK = "\uFEFF";

  record Json(ObjectNode fields) implements SecretPayload {}

  record Text(String text) implements SecretPayload {}

  record Binary(byte[] bytes) implements SecretPayload {}

  static SecretPayload of(SecretValue value) {
    if (value.isBinary()) {
      return new Binary(value.secretBinary());
    }
    String text = value.secretString() == null ? "" : value.secretString();
    // A JSON file saved by some Windows editors starts with a UTF-8 byte-order mark, which is not whitespace to
    // strip(); JSON parsers ignore it (RFC 8259 section 8.1), so do we, and the secret is read as the JSON it is.
    String trimmed = (text.startsWith(BYTE_ORDER_MARK) ? text.substring(1) : text).strip();
    if (trimmed.startsWith("{")) {
      try {
        JsonNode node = JSON.readTree(trimmed);
        if (node instanceof ObjectNode object) {
          return new Json(object);
        }
      } catch (java.io.IOException notJson) {
        // a string that merely starts with '{' is still a valid plain secret
      }
    }
    return new Text(text);
  }

  /** The whole secret, as a Secret value. */
  default byte[] wholeValue() {
    if (this instanceof Binary b) {
      return b.bytes();
    }
    if (this instanceof Json j) {
      return j.fields().toString().getBytes(StandardCharsets.UTF_8);
    }
    return ((Text) this).text().getBytes(StandardCharsets.UTF_8);
  }

  default String describe() {
    if (this instanceof Binary) {
      return "a binary secret";
    }
    return this instanceof Json ? "a JSON object" : "a plain string (not a JSON object)";
  }
}
