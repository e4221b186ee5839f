package io.dbsecrets.operator.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/** What to measure: sizes, secrets per resource, the refresh interval and phase lengths; parsed from flags. */
record BenchOptions(
    List<Integer> sizes,
    int secretsRatio,
    Duration refreshInterval,
    String tier,
    int latencySamples,
    Duration restartObserve,
    double settleCycles,
    int createThreads,
    String operatorJvmOptions,
    Path operatorJar,
    Path resultsDir) {

  static final String DEFAULT_JVM = "-XX:MaxRAM=512m -XX:MaxRAMPercentage=50 -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:+ExitOnOutOfMemoryError";

  static BenchOptions parse(String[] args) {
    List<Integer> sizes = List.of(100, 1000);
    int ratio = 10;
    Duration refresh = Duration.ofSeconds(60);
    String tier = "auto";
    int samples = 50;
    Duration restart = Duration.ofSeconds(90);
    double settle = 1.2;
    int threads = 4;
    String jvm = System.getenv().getOrDefault("BENCH_OPERATOR_JVM_OPTS", DEFAULT_JVM);
    Path jar = Path.of("target/externaldbsecret-operator-0.1.0-SNAPSHOT.jar");
    Path results = Path.of("bench/results");
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      String value = i + 1 < args.length ? args[i + 1] : null;
      switch (flag) {
        case "--sizes" -> sizes = sizes(value);
        case "--secrets-ratio" -> ratio = Integer.parseInt(value);
        case "--refresh" -> refresh = seconds(value);
        case "--tier" -> tier = value;
        case "--samples" -> samples = Integer.parseInt(value);
        case "--restart-observe" -> restart = seconds(value);
        case "--settle" -> settle = Double.parseDouble(value);
        case "--create-threads" -> threads = Integer.parseInt(value);
        case "--jar" -> jar = Path.of(value);
        case "--results" -> results = Path.of(value);
        default -> throw new IllegalArgumentException("unknown flag " + flag
            + " (known: --sizes --secrets-ratio --refresh --tier auto|real|mock --samples --restart-observe --settle"
            + " --create-threads --jar --results)");
      }
      i++;
    }
    if (!List.of("auto", "real", "mock").contains(tier)) {
      throw new IllegalArgumentException("--tier must be auto, real or mock");
    }
    return new BenchOptions(sizes, ratio, refresh, tier, samples, restart, settle, threads, jvm, jar, results);
  }

  /** Distinct AWS secrets for N resources: N / ratio, at least one. */
  int secretsFor(int resources) {
    return Math.max(1, resources / secretsRatio);
  }

  /** "100,1000" → [100, 1000] */
  static List<Integer> sizes(String value) {
    return Arrays.stream(value.split(",")).map(String::trim).map(Integer::parseInt).toList();
  }

  /** "60s" or "60" → 60 seconds */
  static Duration seconds(String value) {
    return Duration.ofSeconds(Long.parseLong(value.replace("s", "")));
  }
}
