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
 * Side-by-side mode of the benchmark ({@code bench/run.sh --compare eso}): for each size N, this operator and
 * External Secrets Operator, one after the other, each on a fresh real API server and moto behind the recording
 * proxy, measured the same way. One table per N goes to stdout and is appended to bench/results/DATE-compare.md.
 */
public final class CompareBenchmark {
  private CompareBenchmark() {}

  public static void main(String[] args) throws IOException {
    CompareOptions options = CompareOptions.parse(args);
    if (options.contenders().contains("ours") && !Files.isRegularFile(options.operatorJar())) {
      throw new IllegalStateException(options.operatorJar() + " missing: run mvn -B -o -q package -DskipTests");
    }
    if (options.contenders().contains("eso") && !Files.isExecutable(options.esoBinary())) {
      throw new IllegalStateException(options.esoBinary() + " missing: build ESO's controller (bench/README.md)");
    }
    if (options.jfrDir() != null) {
      Files.createDirectories(options.jfrDir());
    }
    System.setProperty("aws.accessKeyId", "testing");
    System.setProperty("aws.secretAccessKey", "testing");
    Files.createDirectories(options.resultsDir());
    Path logDir = Files.createTempDirectory("dbsecrets-compare.");
    Bench.log("logs (per operator and size) in %s", logDir);
    Path out = options.resultsDir().resolve(LocalDate.now(ZoneOffset.UTC) + "-compare.md");
    append(out, CompareReport.header(options, esoVersion(options.esoBinary())));
    for (int n : options.sizes()) {
      List<CompareResult> results = new ArrayList<>();
      for (String name : options.contenders()) {
        results.add(new CompareRun(options, options.contender(name, n), n, logDir).run());
      }
      String table = CompareReport.table(n, results);
      System.out.println(table);
      append(out, table);
    }
    append(out, "Logs: " + logDir + "\n\n");
    Bench.log("results appended to %s", out);
    System.exit(0);
  }

  /** What the ESO build left next to the binary (its source commit), if anything. */
  private static String esoVersion(Path binary) throws IOException {
    Path version = binary.resolveSibling(binary.getFileName() + ".version");
    return Files.isRegularFile(version) ? Files.readString(version).strip() : binary.toString();
  }

  private static void append(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }
}
