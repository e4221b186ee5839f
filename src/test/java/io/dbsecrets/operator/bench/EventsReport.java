package io.dbsecrets.operator.bench;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Markdown for the events mode: a header, then per size the latencies and the AWS calls per hour. */
final class EventsReport {
  private EventsReport() {}

  static String header(BenchOptions options, EventsOptions events, String tier, String command) {
    return f("""
        ## Events benchmark, first size finished %s, tier: %s

        - command: `%s`
        - machine: %d cores, shared with other builds (the 1-min load average at the start and end of each size is in \
        its section)
        - operator: separate JVM from the shaded jar, `%s`; Secrets Manager and SQS each through a recording proxy \
        in front of moto; events put on moto's EventBridge, whose rule sends them to the SQS queue
        - `spec.refreshInterval` of every resource: %s with events on; then, events off, patched to %s in turn \
        while the operator is stopped (the restarted operator syncs each for its changed spec)
        - %d rotations, one every %d ms; M = N/%d secrets, so each rotation changes N/M Secrets
        - commit: %s

        """, java.time.Instant.now().toString().substring(0, 16) + "Z", tier, command,
        Runtime.getRuntime().availableProcessors(), options.operatorJvmOptions(),
        EventsRun.human(events.eventsRefresh()),
        events.pollIntervals().stream().map(EventsRun::human).collect(Collectors.joining(", ")),
        events.rotations(), events.rotationSpacing().toMillis(), options.secretsRatio(),
        Bench.run("git", "rev-parse", "--short", "HEAD").strip());
  }

  static String section(EventsResult r) {
    StringBuilder s = new StringBuilder(f("### N = %d resources, M = %d AWS secrets (%s tier), %.0f s%n%n",
        r.resources, r.secrets, r.tier, r.runSeconds));
    if (r.error != null) {
      s.append("**Run failed:** ").append(r.error).append("\n\n");
    }
    s.append(f("Create N: %.1f s. Cold start with events on, all Ready: %.1f s, Secrets Manager calls %s. "
        + "1-min load average start / end: %.1f / %.1f (2 cores).%n%n", r.createSeconds, r.coldStartSeconds,
        calls(r.coldSmCalls), r.loadStart, r.loadEnd));

    s.append("#### Rotation to Secret updated\n\n");
    s.append("| path | measured from | per rotation (all N/M readers' Secrets): p50 / p99 / max | per Secret: p50 / p99 "
        + "/ max | timeouts | Secrets Manager calls | SQS calls | syncs by trigger |\n|---|---|---|---|---|---|---|---|\n");
    if (r.eventRotations != null) {
      rotationRow(s, f("events on (refresh %s)", EventsRun.human(r.eventsRefresh)),
          "the event put on EventBridge", r.eventRotations);
    }
    if (r.pollRotations != null) {
      rotationRow(s, f("events off (refresh %s ±10%%)", EventsRun.human(r.pollRotationsInterval)),
          "put-secret-value", r.pollRotations);
    }
    s.append(f("%nTarget: event path p99 < 3 s. Of it, moto's EventBridge `put-events` (which queues the event before "
        + "it answers) took p50 / p99 / max %s; the operator's own `dbsecrets_event_to_secret_seconds` (message "
        + "received to Secret written) averaged %.0f ms. Event outcomes (`dbsecrets_events_total`): %s.%n%n",
        r.eventRotations == null ? "–" : latencies(r.eventRotations.putEventsMs), r.operatorEventToSecretMeanMs,
        map(r.eventOutcomes)));

    s.append("#### AWS calls per hour\n\n");
    s.append(perHour(r));
    return s.append('\n').toString();
  }

  private static void rotationRow(StringBuilder s, String path, String from, EventsResult.Rotations r) {
    s.append(f("| %s | %s | %s | %s | %d | %s | %s | %s |%n", path, from, latencies(r.perRotationMs),
        latencies(r.perSecretMs), r.timeouts, calls(r.smCalls), calls(r.sqsCalls), map(r.syncs)));
  }

  /** Measured windows, extrapolated to an hour, and the hourly polling at the longest interval derived from them. */
  static String perHour(EventsResult r) {
    EventsResult.Window longest = r.polling.stream().max(Comparator.comparing(w -> w.refresh)).orElse(null);
    double pollHour = Double.NaN;
    double perCycle = Double.NaN;
    if (longest != null) {
      // the schedule is the same in units of the interval (slots of interval/10), so a cycle costs about the same
      perCycle = SizeResult.total(longest.smCalls) * longest.refresh.toMillis() / (longest.seconds * 1000);
      pollHour = perCycle * Duration.ofHours(1).toMillis() / r.eventsRefresh.toMillis();
    }
    double sqsHour = r.idle == null ? Double.NaN : r.idle.perHour(SizeResult.total(r.idle.sqsCalls));
    double smHour = r.idle == null ? Double.NaN : r.idle.perHour(SizeResult.total(r.idle.smCalls)) + pollHour;
    double eventsOnHour = sqsHour + smHour;
    StringBuilder s = new StringBuilder("| configuration | measured window | Secrets Manager calls in window | SQS calls "
        + "in window | calls per hour | of which Secrets Manager / SQS | × events on |\n|---|---|---|---|---|---|---|\n");
    for (EventsResult.Window w : r.polling) {
      windowRow(s, w, eventsOnHour);
    }
    if (longest != null) {
      s.append(f("| events off, refresh %s (extrapolated) | – | %.0f per cycle, as at %s | 0 | **%.0f** | %.0f / 0 | %s |%n",
          EventsRun.human(r.eventsRefresh), perCycle, EventsRun.human(longest.refresh), pollHour, pollHour,
          ratio(pollHour, eventsOnHour)));
    }
    if (r.idle != null) {
      windowRow(s, r.idle, eventsOnHour);
      s.append(f("| events on, refresh %s, with its polling (SQS measured + Secrets Manager as events off at %s) "
          + "| – | – | – | **%.0f** | %.0f / %.0f | 1 |%n", EventsRun.human(r.eventsRefresh),
          EventsRun.human(r.eventsRefresh), eventsOnHour, smHour, sqsHour));
      if (r.eventRotations != null && r.rotations > 0) {
        EventsResult.Rotations rot = r.eventRotations;
        double idleSqsInPhase = SizeResult.total(r.idle.sqsCalls) * rot.seconds / r.idle.seconds;
        s.append(f("| each rotation with events on (%d rotations in %.0f s, less the idle SQS rate) | %.0f s | %.2f "
            + "per rotation | %.2f per rotation | – | %s / %s | – |%n", r.rotations, rot.seconds, rot.seconds,
            SizeResult.total(rot.smCalls) / (double) r.rotations,
            (SizeResult.total(rot.sqsCalls) - idleSqsInPhase) / r.rotations, calls(rot.smCalls), calls(rot.sqsCalls)));
      }
    }
    return s.toString();
  }

  private static void windowRow(StringBuilder s, EventsResult.Window w, double eventsOnHour) {
    s.append(f("| %s (measured, after %.0f s) | %.0f s | %s (secrets read %s) | %s | **%.0f** | %.0f / %.0f | %s |%n",
        w.configuration, w.settleSeconds, w.seconds, calls(w.smCalls), w.secretsRead.describe(), calls(w.sqsCalls),
        w.perHour(w.calls()), w.perHour(SizeResult.total(w.smCalls)), w.perHour(SizeResult.total(w.sqsCalls)),
        ratio(w.perHour(w.calls()), eventsOnHour)));
  }

  private static String ratio(double calls, double eventsOn) {
    return Double.isFinite(calls) && Double.isFinite(eventsOn) && eventsOn > 0 ? f("%.2f", calls / eventsOn) : "–";
  }

  static String summary(List<EventsResult> results) {
    StringBuilder s = new StringBuilder("| N | M | tier | event → Secret p50 / p99 / max (per rotation) | poll → Secret "
        + "p50 / p99 / max (refresh) | timeouts | load | runtime |\n|---|---|---|---|---|---|---|---|\n");
    for (EventsResult r : results) {
      s.append(f("| %d | %d | %s | %s | %s (%s) | %d / %d | %.1f-%.1f | %.0f s |%n", r.resources, r.secrets, r.tier,
          r.eventRotations == null ? "–" : latencies(r.eventRotations.perRotationMs),
          r.pollRotations == null ? "–" : latencies(r.pollRotations.perRotationMs),
          r.pollRotationsInterval == null ? "–" : EventsRun.human(r.pollRotationsInterval),
          r.eventRotations == null ? 0 : r.eventRotations.timeouts, r.pollRotations == null ? 0 : r.pollRotations.timeouts,
          r.loadStart, r.loadEnd, r.runSeconds));
    }
    return s.toString();
  }

  private static String latencies(List<Double> sortedMs) {
    if (sortedMs.isEmpty()) {
      return "–";
    }
    return f("%s / %s / %s (%d)", ms(ScaleRun.percentile(sortedMs, 0.50)), ms(ScaleRun.percentile(sortedMs, 0.99)),
        ms(sortedMs.get(sortedMs.size() - 1)), sortedMs.size());
  }

  private static String ms(double ms) {
    return ms >= 10_000 ? f("%.1f s", ms / 1000) : f("%.0f ms", ms);
  }

  private static String calls(Map<String, Long> calls) {
    return calls.isEmpty() ? "none" : SizeResult.total(calls) + " (" + map(calls) + ")";
  }

  private static String map(Map<String, Long> m) {
    return m.isEmpty() ? "none" : m.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(", "));
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
