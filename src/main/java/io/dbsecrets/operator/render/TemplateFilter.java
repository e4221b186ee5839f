package io.dbsecrets.operator.render;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The filters a template may use, with Pebble's names and results. Each is total: it returns a value for every
 * input and never fails, so whether a template renders cannot depend on what the secret holds. (Filters that parse
 * their input, such as date, number formats or base64decode, fail on some values and would turn a status message
 * into an oracle on the secret; they are not offered.)
 */
enum TemplateFilter {
  URLENCODE("urlencode", 0) {
    @Override String apply(String input, String argument) {
      return URLEncoder.encode(input, StandardCharsets.UTF_8);
    }
  },
  BASE64ENCODE("base64encode", 0) {
    @Override String apply(String input, String argument) {
      return Base64.getEncoder().encodeToString(input.getBytes(StandardCharsets.UTF_8));
    }
  },
  UPPER("upper", 0) {
    @Override String apply(String input, String argument) {
      return input.toUpperCase(Locale.ROOT);
    }
  },
  LOWER("lower", 0) {
    @Override String apply(String input, String argument) {
      return input.toLowerCase(Locale.ROOT);
    }
  },
  TRIM("trim", 0) {
    @Override String apply(String input, String argument) {
      return input.trim();
    }
  },
  /** The argument when the field is missing, null or empty; the only filter that takes a missing field. */
  DEFAULT("default", 1) {
    @Override String apply(String input, String argument) {
      return input.isEmpty() ? argument : input;
    }
  };

  private final String templateName;
  private final int arguments;

  TemplateFilter(String templateName, int arguments) {
    this.templateName = templateName;
    this.arguments = arguments;
  }

  /** {@code argument} is the filter's string literal argument, or null for filters that take none. */
  abstract String apply(String input, String argument);

  String templateName() {
    return templateName;
  }

  int arguments() {
    return arguments;
  }

  static Optional<TemplateFilter> named(String name) {
    return Arrays.stream(values()).filter(f -> f.templateName.equals(name)).findFirst();
  }

  static String names() {
    return Arrays.stream(values()).map(f -> f.templateName).collect(Collectors.joining(", "));
  }
}
