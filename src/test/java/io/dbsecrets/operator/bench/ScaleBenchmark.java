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
 * Scale and AWS-cost benchmark: for each size N, a fresh moto behind a recording proxy, a fresh API server (real
 * control plane, else the fabric8 mock server) and the operator as a separate process from the shaded jar.
 * Results go to stdout and are appended, size by size, to bench/results/DATE-TIER.md. Run by bench/run.sh.
 */
public final class ScaleBenchmark {
  private ScaleBenchmark() {}

  public static void main(String[] args) throws IOException {
    EventsOptions.Parsed events = EventsOptions.parse(args);
    BenchOptions options = BenchOptions.parse(events == null ? args : events.rest());
    if (!Files.isRegularFile(options.operatorJar())) {
      throw new IllegalStateException(options.operatorJar() + " missing: run mvn -B -o -q package -DskipTests");
    }
    System.setProperty("aws.accessKeyId", "testing");
    System.setProperty("aws.secretAccessKey", "testing");
    if (events != null) {
      EventsBenchmark.run(options, events.options(), "bench/run.sh " + String.join(" ", args));
      System.exit(0);
    }
    Files.createDirectories(options.resultsDir());
    Path logDir = Files.createTempDirectory("dbsecrets-bench.");
    Bench.log("logs (operator, per size) in %s", logDir);
    List<SizeResult> results = new ArrayList<>();
    Path out = null;
    for (int n : options.sizes()) {
      SizeResult r = new ScaleRun(options, n, logDir).run();
      results.add(r);
      if (out == null) {
        String tier = r.tier == null ? options.tier() : r.tier;
        out = options.resultsDir().resolve(LocalDate.now(ZoneOffset.UTC) + "-" + tier + ".md");
        append(out, Report.header(options, tier));
      }
      String section = Report.section(r);
      System.out.println(section);
      append(out, section);
    }
    String summary = Report.summary(results);
    System.out.println(summary);
    append(out, "#### Summary\n\n" + summary + "\nOperator logs: " + logDir + "\n\n");
    Bench.log("results appended to %s", out);
    System.exit(0);
  }

  private static void append(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }
}
