package io.dbsecrets.operator.render;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a template's delimiters the way Pebble's lexer does, before Pebble sees it: rejects tags, finds where each
 * {@code {{ }}} expression starts (Pebble records lines only, error messages give columns too), and enforces the
 * limits on expressions' number, length and bracket nesting, which also bound the parser's recursion.
 */
final class TemplateScanner {
  private final String key;
  private final String template;

  private TemplateScanner(String key, String template) {
    this.key = key;
    this.template = template;
  }

  /** Where each {{ expression starts, in order. */
  static List<TemplatePosition> expressionStarts(String key, String template) throws RenderFailure {
    return new TemplateScanner(key, template).scan();
  }

  private List<TemplatePosition> scan() throws RenderFailure {
    List<TemplatePosition> starts = new ArrayList<>();
    int i = 0;
    while (i < template.length() - 1) {
      if (template.charAt(i) != '{') {
        i++;
        continue;
      }
      char next = template.charAt(i + 1);
      if (next == '#') {
        int end = template.indexOf("#}", i + 2);
        if (end < 0) {
          throw fail(i, "the comment {# is never closed with #}");
        }
        i = end + 2;
      } else if (next == '%') {
        throw fail(i, "tag {% " + tagName(i + 2) + " %} is not supported: templates have no loops, conditions, "
            + "macros or variables; write {{ field }} or {{ field | filter }}");
      } else if (next == '{') {
        starts.add(TemplatePosition.of(template, i));
        if (starts.size() > RenderLimits.MAX_EXPRESSIONS) {
          throw fail(i, "more than " + RenderLimits.MAX_EXPRESSIONS + " {{ }} expressions in one template");
        }
        int end = expressionEnd(i);
        if (end + 2 - i > RenderLimits.MAX_EXPRESSION_CHARS) {
          throw fail(i, "expression longer than " + RenderLimits.MAX_EXPRESSION_CHARS + " characters");
        }
        i = end + 2;
      } else {
        i++;
      }
    }
    return starts;
  }

  /** The index of the }} closing the expression opened at {@code start}; brackets must be balanced first. */
  private int expressionEnd(int start) throws RenderFailure {
    int depth = 0;
    for (int j = start + 2; j < template.length(); j++) {
      char c = template.charAt(j);
      if (c == '"' || c == '\'') {
        j = stringEnd(j);
      } else if (c == '(' || c == '[' || c == '{') {
        if (++depth > RenderLimits.MAX_NESTING) {
          throw fail(j, "brackets nested deeper than " + RenderLimits.MAX_NESTING);
        }
      } else if (c == '}' && depth == 0 && j + 1 < template.length() && template.charAt(j + 1) == '}') {
        return j;
      } else if (c == ')' || c == ']' || c == '}') {
        if (--depth < 0) {
          throw fail(j, "'" + c + "' closes a bracket that was never opened");
        }
      }
    }
    throw fail(start, "the expression {{ is never closed with }}");
  }

  /** Pebble ends a string at the first matching quote not preceded by a backslash. */
  private int stringEnd(int open) throws RenderFailure {
    char quote = template.charAt(open);
    for (int k = open + 1; k < template.length(); k++) {
      if (template.charAt(k) == quote && template.charAt(k - 1) != '\\') {
        if (quote == '"' && template.substring(open, k).contains("#{")) {
          // Pebble would evaluate #{...} inside the string: an expression hidden from the checks below.
          throw fail(open, "string interpolation #{ } is not supported");
        }
        return k;
      }
    }
    throw fail(open, "the string is never closed");
  }

  private String tagName(int from) {
    int i = from;
    while (i < template.length() && (template.charAt(i) == '-' || Character.isWhitespace(template.charAt(i)))) {
      i++;
    }
    int end = i;
    while (end < template.length() && end - i < 20 && Character.isLetter(template.charAt(end))) {
      end++;
    }
    return template.substring(i, end);
  }

  private RenderFailure fail(int index, String what) {
    return RenderFailure.templateError(
        "template for key '" + key + "', " + TemplatePosition.of(template, index) + ": " + what);
  }
}
