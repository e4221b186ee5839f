package io.dbsecrets.operator.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The flags of the events mode ({@code --events}); the other flags (sizes, secrets ratio, tier, ...) stay with
 * {@link BenchOptions}, so both modes read them the same way.
 */
record EventsOptions(
    int rotations,
    Duration rotationSpacing,
    Duration eventsRefresh,
    Duration idleWindow,
    List<Duration> pollIntervals) {

  /** The events options and the remaining arguments for {@link BenchOptions}, or null without {@code --events}. */
  record Parsed(EventsOptions options, String[] rest) {}

  static Parsed parse(String[] args) {
    if (!Arrays.asList(args).contains("--events")) {
      return null;
    }
    int rotations = 20;
    Duration spacing = Duration.ofSeconds(1);
    Duration eventsRefresh = Duration.ofHours(1);
    Duration idle = Duration.ofSeconds(120);
    List<Duration> polls = List.of(Duration.ofSeconds(60), Duration.ofSeconds(300));
    List<String> rest = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--events" -> {
          continue;
        }
        case "--rotations" -> rotations = Integer.parseInt(value);
        case "--rotation-spacing" -> spacing = seconds(value);
        case "--events-refresh" -> eventsRefresh = seconds(value);
        case "--idle-window" -> idle = seconds(value);
        case "--poll-intervals" -> polls = Arrays.stream(value.split(",")).map(String::trim)
            .map(EventsOptions::seconds).toList();
        default -> {
          rest.add(args[i]);
          continue;
        }
      }
      i++;
    }
    if (polls.isEmpty()) {
      throw new IllegalArgumentException("--poll-intervals needs at least one interval");
    }
    return new Parsed(new EventsOptions(rotations, spacing, eventsRefresh, idle, polls), rest.toArray(String[]::new));
  }

  /** "90s", "5m", "1h" or plain seconds. */
  static Duration seconds(String value) {
    String v = value.trim();
    if (v.endsWith("h")) {
      return Duration.ofHours(Long.parseLong(v.substring(0, v.length() - 1)));
    }
    if (v.endsWith("m")) {
      return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
    }
    return Duration.ofSeconds(Long.parseLong(v.replace("s", "")));
  }
}
