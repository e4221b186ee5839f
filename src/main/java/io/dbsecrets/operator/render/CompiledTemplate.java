package io.dbsecrets.operator.render;

import java.util.List;

/** A template reduced to what the language allows: text, and expressions that read a field or a literal. */
record CompiledTemplate(String key, List<Part> parts) {
  sealed interface Part {}

  record Text(String text) implements Part {}

  /** {@code {{ source | filter | ... }}}. */
  record Expression(TemplatePosition position, Source source, List<FilterCall> filters) implements Part {
    boolean defaultsWhenMissing() {
      return !filters.isEmpty() && filters.get(0).filter() == TemplateFilter.DEFAULT;
    }
  }

  sealed interface Source {}

  /** A string literal written in the template. */
  record Literal(String value) implements Source {}

  /**
   * A field of the secret: a top-level name, then object keys (String) or array indexes (Integer), all written
   * literally in the template.
   */
  record Field(List<Object> path) implements Source {
    /** The path as the template wrote it, for messages: db.host, hosts[0]. */
    String written() {
      StringBuilder out = new StringBuilder(String.valueOf(path.get(0)));
      for (Object segment : path.subList(1, path.size())) {
        out.append(segment instanceof Integer ? "[" + segment + "]" : "." + segment);
      }
      return out.toString();
    }
  }

  record FilterCall(TemplateFilter filter, String argument) {}
}
