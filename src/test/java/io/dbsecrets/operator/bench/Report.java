package io.dbsecrets.operator.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Markdown: a header saying where and how it ran, one section per size, and a summary table. */
final class Report {
  private Report() {}

  static String header(BenchOptions options, String tier) {
    return String.format(Locale.ROOT, """
        ## Scale benchmark, %s, tier: %s

        - command: `bench/run.sh --sizes %s --secrets-ratio %d --refresh %ds --tier %s --settle %s`
        - machine: %d cores, %s; 1-min load at start %.1f (other builds share the machine)
        - operator: separate JVM from the shaded jar, `%s`
        - refreshInterval %ds on every resource; %d namespaces, %d Deployments as rollout targets
        - commit: %s

        """, java.time.Instant.now().toString().substring(0, 16) + "Z", tier,
        options.sizes().stream().map(String::valueOf).collect(Collectors.joining(",")), options.secretsRatio(),
        options.refreshInterval().toSeconds(), options.tier(), options.settleCycles(), Runtime.getRuntime().availableProcessors(),
        memory(), Bench.load(), options.operatorJvmOptions(), options.refreshInterval().toSeconds(),
        ScaleRun.NAMESPACES, ScaleRun.NAMESPACES * ScaleRun.DEPLOYMENTS_PER_NAMESPACE,
        Bench.run("git", "rev-parse", "--short", "HEAD").strip());
  }

  static String section(SizeResult r) {
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "### N = %d resources, M = %d AWS secrets (%s tier)%n%n", r.resources,
        r.secrets, r.tier));
    if (r.error != null) {
      s.append("**Run failed:** ").append(r.error).append("\n\n");
    }
    s.append("| figure | value | target / comparison |\n|---|---|---|\n");
    row(s, "create N CRs (4 threads)", f("%.1f s (%.0f/s)", r.createSeconds, r.resources / r.createSeconds), "");
    row(s, "operator /readyz after start", f("%.1f s", r.operatorReadyzSeconds), "");
    row(s, "cold start: all N Ready", f("%.1f s", r.coldStartSeconds), "");
    row(s, "cold start AWS calls", calls(r.coldAwsCalls), f("ceil(M/20) = %d", r.target()));
    row(s, "cold start reconciles", String.valueOf(r.coldReconciles), "");
    row(s, "steady cycle: AWS calls by API", f("%s in %.0f s, counted from %.1f intervals after all Ready",
        calls(r.cycleAwsCalls), r.cycleSeconds, r.settleCycles),
        f("ceil(M/20) + small = %d + c; ESO: N = %d GetSecretValue", r.target(), r.resources));
    row(s, "steady cycle: secrets read (ids in all calls / distinct / per batch call)",
        r.cycleSecretsRead.describe(), f("each of the M = %d secrets once per cycle, 20 per call", r.secrets));
    row(s, "steady cycle: syncs by trigger", map(r.cycleSyncs), "");
    row(s, "steady cycle: reconciles by trigger", map(r.cycleReconciles), "");
    row(s, "reconciles per resource per cycle", f("%.2f", r.reconcilesPerResourcePerCycle), "about 1");
    row(s, "new resource to Ready (N exist)", f("p50 %.0f ms, p99 %.0f ms, max %.0f ms (%d samples, %d timed out)",
        r.latencyP50Ms, r.latencyP99Ms, r.latencyMaxMs, r.latencySamples, r.latencyTimeouts), "p99 < 2 s at N = 1,000");
    row(s, "heap after full GC", f("%.1f MiB of %.0f MiB max heap (%s)", r.heapAfterGcMib, r.maxHeapMib, r.gc),
        "< 256 MiB at N = 5,000");
    row(s, "process RSS", f("%.1f MiB", r.rssMib), "");
    row(s, "restart: new operator /readyz after SIGTERM of old", f("%.1f s", r.restartReadyzSeconds), "");
    row(s, "restart: AWS calls in window", f("%s in %.0f s (%d of N had nextRefreshTime inside the window)",
        calls(r.restartAwsCalls), r.restartObserveSeconds, r.restartDueInWindow),
        f("only what fell due: steady rate x window = %.0f reads",
            r.reads(r.cycleAwsCalls) * r.restartObserveSeconds / Math.max(1, r.cycleSeconds)));
    row(s, "restart: secrets read (ids / distinct / per batch call)", r.restartSecretsRead.describe(), "");
    row(s, "restart: syncs by trigger", map(r.restartSyncs), "REFRESH_DUE only");
    row(s, "restart: reconciles by trigger", map(r.restartReconciles), "");
    row(s, "restart: dbsecrets_rollouts_total / Deployments changed",
        f("%d / %d of %d", r.restartRollouts, r.deploymentsRestarted, r.deployments), "0 / 0");
    row(s, "1-min load average start / end", f("%.1f / %.1f", r.loadStart, r.loadEnd), "2 cores");
    return s.append('\n').toString();
  }

  static String summary(List<SizeResult> results) {
    StringBuilder s = new StringBuilder("""
        | N | M | tier | create/s | cold start, all Ready | AWS reads per steady cycle (Batch+Get), secrets per batch call | target ceil(M/20)+c | ESO | reconciles/resource/cycle | restart window: reads / non-refresh syncs / rollouts | new resource Ready p50 / p99 | heap after GC / RSS | load |
        |---|---|---|---|---|---|---|---|---|---|---|---|---|
        """);
    for (SizeResult r : results) {
      long nonRefresh = r.restartSyncs.entrySet().stream().filter(e -> !e.getKey().equals("REFRESH_DUE"))
          .mapToLong(Map.Entry::getValue).sum();
      s.append(String.format(Locale.ROOT,
          "| %d | %d | %s | %.0f | %.1f s | %d (%d+%d), %.1f | %d | %d | %.2f | %d / %d / %d in %.0f s | %.0f / %.0f ms | %.0f / %.0f MiB | %.1f-%.1f |%n",
          r.resources, r.secrets, r.tier, r.resources / r.createSeconds, r.coldStartSeconds, r.reads(r.cycleAwsCalls),
          r.cycleAwsCalls.getOrDefault("BatchGetSecretValue", 0L), r.cycleAwsCalls.getOrDefault("GetSecretValue", 0L),
          r.cycleSecretsRead.perBatchCall(), r.target(), r.resources, r.reconcilesPerResourcePerCycle, r.reads(r.restartAwsCalls), nonRefresh,
          r.restartRollouts, r.restartObserveSeconds, r.latencyP50Ms, r.latencyP99Ms, r.heapAfterGcMib, r.rssMib,
          r.loadStart, r.loadEnd));
    }
    return s.toString();
  }

  private static void row(StringBuilder s, String figure, String value, String target) {
    s.append("| ").append(figure).append(" | ").append(value).append(" | ").append(target).append(" |\n");
  }

  private static String calls(Map<String, Long> calls) {
    return calls.isEmpty() ? "none" : SizeResult.total(calls) + " " + map(calls);
  }

  private static String map(Map<String, Long> m) {
    return m.isEmpty() ? "none" : m.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(", "));
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }

  private static String memory() {
    String meminfo = Bench.run("grep", "MemTotal", "/proc/meminfo").replaceAll("[^0-9]", "");
    return meminfo.isEmpty() ? "? RAM" : Math.round(Long.parseLong(meminfo) / 1048576.0) + " GiB RAM";
  }
}
