package io.dbsecrets.operator.render;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Lists a secret's top-level field names for error messages. Names are the secret's structure, not its values, so
 * they may appear in a status; the list is bounded so that a secret with thousands of fields keeps messages short.
 */
final class FieldNames {
  private static final int MAX_NAMES = 20;
  private static final int MAX_NAME_CHARS = 64;

  private FieldNames() {}

  static String describe(JsonNode object) {
    List<String> names = new ArrayList<>();
    Iterator<String> it = object.fieldNames();
    while (it.hasNext() && names.size() < MAX_NAMES) {
      String name = it.next();
      names.add(name.length() > MAX_NAME_CHARS ? name.substring(0, MAX_NAME_CHARS) + "..." : name);
    }
    if (names.isEmpty()) {
      return "it has no fields";
    }
    return "it has: " + String.join(", ", names) + (object.size() > MAX_NAMES ? ", ..." : "");
  }
}
