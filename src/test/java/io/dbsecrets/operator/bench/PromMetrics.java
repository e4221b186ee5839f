package io.dbsecrets.operator.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** One scrape of the Prometheus text format: sums of series by name and label. */
record PromMetrics(List<Sample> samples) {
  record Sample(String name, Map<String, String> labels, double value) {}

  static PromMetrics parse(String text) {
    List<Sample> samples = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int brace = line.indexOf('{');
      int space = line.lastIndexOf(' ');
      String name = brace >= 0 && brace < space ? line.substring(0, brace) : line.substring(0, space);
      Map<String, String> labels = new LinkedHashMap<>();
      if (brace >= 0 && brace < space) {
        String body = line.substring(brace + 1, line.lastIndexOf('}'));
        for (String pair : body.split(",(?=[a-zA-Z_]+=\")")) {
          int eq = pair.indexOf('=');
          if (eq > 0) {
            labels.put(pair.substring(0, eq), pair.substring(eq + 2, pair.length() - 1));
          }
        }
      }
      try {
        samples.add(new Sample(name, labels, Double.parseDouble(line.substring(space + 1))));
      } catch (NumberFormatException ignored) {
        // not a sample line
      }
    }
    return new PromMetrics(samples);
  }

  double sum(String name) {
    return samples.stream().filter(s -> s.name().equals(name)).mapToDouble(Sample::value).sum();
  }

  /** Sums of a series by the value of one label. */
  Map<String, Double> by(String name, String label) {
    Map<String, Double> result = new TreeMap<>();
    samples.stream().filter(s -> s.name().equals(name))
        .forEach(s -> result.merge(s.labels().getOrDefault(label, ""), s.value(), Double::sum));
    return result;
  }

  /** This scrape minus an earlier one, by label value, dropping zero deltas. */
  Map<String, Long> deltaBy(PromMetrics earlier, String name, String label) {
    Map<String, Long> result = new TreeMap<>();
    Map<String, Double> before = earlier == null ? Map.of() : earlier.by(name, label);
    by(name, label).forEach((k, v) -> {
      long d = Math.round(v - before.getOrDefault(k, 0.0));
      if (d != 0) {
        result.put(k, d);
      }
    });
    return result;
  }
}
