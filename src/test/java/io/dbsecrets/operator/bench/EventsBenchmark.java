package io.dbsecrets.operator.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The events mode of the benchmark ({@code bench/run.sh --events}): rotation-to-Secret latency through Secrets
 * Manager's EventBridge event next to polling, and AWS calls per hour with events on and off. Results go to stdout
 * and are appended, size by size, to bench/results/DATE-events-TIER.md.
 */
final class EventsBenchmark {
  private EventsBenchmark() {}

  static void run(BenchOptions options, EventsOptions events, String command) throws IOException {
    Files.createDirectories(options.resultsDir());
    Path logDir = Files.createTempDirectory("dbsecrets-bench-events.");
    Bench.log("logs (operator, per size) in %s", logDir);
    List<EventsResult> results = new ArrayList<>();
    Path out = null;
    for (int n : options.sizes()) {
      EventsResult r = new EventsRun(options, events, n, logDir).run();
      results.add(r);
      if (out == null) {
        String tier = r.tier == null ? options.tier() : r.tier;
        out = options.resultsDir().resolve(LocalDate.now(ZoneOffset.UTC) + "-events-" + tier + ".md");
        append(out, EventsReport.header(options, events, tier, command));
      }
      String section = EventsReport.section(r);
      System.out.println(section);
      append(out, section);
    }
    String summary = EventsReport.summary(results);
    System.out.println(summary);
    append(out, "#### Summary\n\n" + summary + "\nOperator logs: " + logDir + "\n\n");
    Bench.log("results appended to %s", out);
  }

  private static void append(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }
}
