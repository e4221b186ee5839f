package io.dbsecrets.operator.render;

/** Where in a template something was written: 1-based line, and 1-based column when known. */
record TemplatePosition(int line, int column) {
  static TemplatePosition of(String template, int index) {
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < index; i++) {
      if (template.charAt(i) == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    return new TemplatePosition(line, index - lineStart + 1);
  }

  static TemplatePosition line(int line) {
    return new TemplatePosition(line, 0);
  }

  @Override
  public String toString() {
    return column > 0 ? "line " + line + ", column " + column : "line " + line;
  }
}
