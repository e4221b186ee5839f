package io.dbsecrets.operator.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/** Markdown for the side-by-side mode: one table per N, a column per operator and ours/ESO ratios. */
final class CompareReport {
  private CompareReport() {}

  static String header(CompareOptions options, String esoVersion) {
    return String.format(Locale.ROOT, """
        ## Side by side with External Secrets Operator, %s

        - command: `bench/run.sh --compare eso --sizes %s --secrets-ratio %d --refresh %ds --settle %s`
        - machine: %d cores; 1-min load at start %.1f (other builds share the machine)
        - ours: separate JVM (java %s, the driver's) from the shaded jar, `%s`%s; commit %s
        - ESO: %s, `%s`, endpoint through AWS_SECRETSMANAGER_ENDPOINT, one SecretStore (static credentials) per namespace
        - each operator on its own fresh API server (real tier) and moto; N resources over M = N/%d secrets in %d namespaces,
          refreshInterval %ds, every JSON field a key; CPU, RSS and threads from /proc/<pid>

        """, java.time.Instant.now().toString().substring(0, 16) + "Z",
        options.sizes().stream().map(String::valueOf).collect(Collectors.joining(",")), options.secretsRatio(),
        options.refreshInterval().toSeconds(), options.settleCycles(), Runtime.getRuntime().availableProcessors(),
        Bench.load(), System.getProperty("java.version"), options.operatorJvmOptions(),
        (options.cdsClassList() == null ? ", no CDS archive (--cds off)" : " + the CDS archive, as the image")
            + (options.jfrDir() == null ? "" : " + JFR (profiling run)") + extraSettings(),
        Bench.run("git", "rev-parse", "--short", "HEAD").strip(), esoVersion, String.join(" ", options.esoFlags()),
        options.secretsRatio(), ScaleRun.NAMESPACES, options.refreshInterval().toSeconds());
  }

  private static String extraSettings() {
    String extra = System.getenv().getOrDefault("BENCH_OPERATOR_ENV", "").trim();
    return extra.isEmpty() ? "" : ", settings `" + extra + "` (BENCH_OPERATOR_ENV)";
  }

  static String table(int n, List<CompareResult> results) {
    CompareResult ours = find(results, "ours");
    CompareResult eso = find(results, "ESO");
    int m = results.get(0).secrets;
    StringBuilder s = new StringBuilder(f("### N = %d, M = %d%n%n", n, m));
    for (CompareResult r : results) {
      if (r.error != null) {
        s.append(f("**%s failed:** %s%n%n", r.contender, r.error));
      }
    }
    s.append("| figure | ours | ESO | ours / ESO |\n|---|---|---|---|\n");
    row(s, "create N resources (API server, 4 threads)", ours, eso, "%.1f s", r -> r.createSeconds);
    row(s, "process up (readiness probe)", ours, eso, "%.1f s", r -> r.startedSeconds);
    row(s, "cold start, all Ready", ours, eso, "%.1f s", r -> r.coldStartSeconds);
    row(s, "AWS calls, cold start", ours, eso, "%.0f", r -> CompareResult.total(r.coldAwsCalls),
        r -> calls(r.coldAwsCalls));
    row(s, f("AWS calls per steady cycle (floor ceil(M/20) = %d)", (m + 19) / 20), ours, eso, "%.0f",
        r -> CompareResult.total(r.cycleAwsCalls), r -> calls(r.cycleAwsCalls));
    row(s, "CPU s, start → process up", ours, eso, "%.1f", r -> r.startedCpuSeconds);
    row(s, "CPU s, start → all Ready", ours, eso, "%.1f", r -> r.coldCpuSeconds);
    row(s, "CPU s per steady cycle", ours, eso, "%.1f", r -> r.cycleCpuSeconds);
    row(s, "new resource → Ready, p50", ours, eso, "%.0f ms", r -> r.latencyP50Ms,
        r -> r.latencyTimeouts > 0 ? f("%d of %d timed out (30 s)", r.latencyTimeouts,
            r.latencySamples + r.latencyTimeouts) : "");
    row(s, "new resource → Ready, p99", ours, eso, "%.0f ms", r -> r.latencyP99Ms);
    row(s, "new resource → Ready, max", ours, eso, "%.0f ms", r -> r.latencyMaxMs);
    row(s, "RSS after the run", ours, eso, "%.0f MiB", r -> r.rssMib);
    row(s, "threads after the run", ours, eso, "%.0f", r -> r.threads < 0 ? Double.NaN : r.threads);
    s.append("| 1-min load average start / max / end | ").append(load(ours)).append(" | ").append(load(eso))
        .append(" | 2 cores |\n\n");
    return s.toString();
  }

  private static void row(StringBuilder s, String figure, CompareResult ours, CompareResult eso, String format,
                          ToDoubleFunction<CompareResult> value) {
    row(s, figure, ours, eso, format, value, r -> "");
  }

  private static void row(StringBuilder s, String figure, CompareResult ours, CompareResult eso, String format,
                          ToDoubleFunction<CompareResult> value,
                          java.util.function.Function<CompareResult, String> detail) {
    double a = ours == null ? Double.NaN : value.applyAsDouble(ours);
    double b = eso == null ? Double.NaN : value.applyAsDouble(eso);
    s.append("| ").append(figure).append(" | ").append(cell(ours, format, a, detail)).append(" | ")
        .append(cell(eso, format, b, detail)).append(" | ")
        .append(Double.isNaN(a) || Double.isNaN(b) || b == 0 ? "–" : f("%.2f", a / b)).append(" |\n");
  }

  private static String cell(CompareResult r, String format, double value,
                             java.util.function.Function<CompareResult, String> detail) {
    if (r == null) {
      return "not run";
    }
    String text = Double.isNaN(value) ? "–" : f(format, value);
    String more = detail.apply(r);
    return more.isEmpty() ? text : text + " (" + more + ")";
  }

  private static String load(CompareResult r) {
    return r == null ? "not run" : f("%.1f / %.1f / %.1f", r.loadStart, r.loadMax, r.loadEnd);
  }

  private static CompareResult find(List<CompareResult> results, String name) {
    return results.stream().filter(r -> r.contender.equals(name)).findFirst().orElse(null);
  }

  private static String calls(Map<String, Long> calls) {
    return calls.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
