package io.dbsecrets.operator.api;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses Go/Kubernetes durations ("1h30m", "90s", "1.5h", "0"). */
public final class Durations {
  private static final Pattern PART = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ns|us|µs|ms|s|m|h)");

  private Durations() {}

  public static Duration parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("empty duration");
    }
    if (text.equals("0")) {
      return Duration.ZERO;
    }
    Matcher m = PART.matcher(text);
    int end = 0;
    double nanos = 0;
    while (m.find()) {
      if (m.start() != end) {
        break;
      }
      end = m.end();
      nanos += Double.parseDouble(m.group(1)) * unitNanos(m.group(2));
    }
    if (end != text.length() || end == 0) {
      throw new IllegalArgumentException("'" + text + "' is not a duration such as 30s, 15m or 1h");
    }
    return Duration.ofNanos((long) nanos);
  }

  private static double unitNanos(String unit) {
    return switch (unit) {
      case "ns" -> 1;
      case "us", "µs" -> 1e3;
      case "ms" -> 1e6;
      case "s" -> 1e9;
      case "m" -> 60e9;
      default -> 3600e9;
    };
  }
}
