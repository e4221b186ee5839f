package io.dbsecrets.operator.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Flags of the side-by-side mode ({@code bench/run.sh --compare eso ...}). */
record CompareOptions(
    List<Integer> sizes,
    int secretsRatio,
    Duration refreshInterval,
    List<String> contenders,
    int latencySamples,
    double settleCycles,
    int createThreads,
    Duration readyTimeout,
    String operatorJvmOptions,
    Path operatorJar,
    Path jfrDir,
    Path esoBinary,
    Path esoCrds,
    List<String> esoFlags,
    Path resultsDir,
    Path cdsClassList) {

  static final Path ESO_CACHE = Path.of(System.getProperty("user.home"), ".cache", "dbsecrets-eso");
  /** As the issue ran ESO: its defaults (1 worker, 50 QPS) left a new resource waiting 43 s at N = 1,000. */
  static final String ESO_FLAGS = "--concurrent=32 --client-qps=500 --client-burst=1000";

  static CompareOptions parse(String[] args) {
    List<Integer> sizes = List.of(100, 1000);
    int ratio = 10;
    Duration refresh = Duration.ofSeconds(60);
    List<String> contenders = List.of("ours", "eso");
    int samples = 50;
    double settle = 1.2;
    int threads = 4;
    Duration readyTimeout = Duration.ofMinutes(15);
    String jvm = System.getenv().getOrDefault("BENCH_OPERATOR_JVM_OPTS", BenchOptions.DEFAULT_JVM);
    Path jar = Path.of("target/externaldbsecret-operator-0.1.0-SNAPSHOT.jar");
    Path jfr = null;
    Path esoBinary = ESO_CACHE.resolve("external-secrets");
    Path esoCrds = ESO_CACHE.resolve("src/config/crds/bases");
    String esoFlags = ESO_FLAGS;
    Path results = Path.of("bench/results");
    Path cds = CdsArchive.CLASS_LIST;
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      String value = i + 1 < args.length ? args[i + 1] : null;
      switch (flag) {
        case "--sizes" -> sizes = BenchOptions.sizes(value);
        case "--secrets-ratio" -> ratio = Integer.parseInt(value);
        case "--refresh" -> refresh = BenchOptions.seconds(value);
        case "--only" -> contenders = List.of(value.split(","));
        case "--samples" -> samples = Integer.parseInt(value);
        case "--settle" -> settle = Double.parseDouble(value);
        case "--create-threads" -> threads = Integer.parseInt(value);
        case "--ready-timeout" -> readyTimeout = BenchOptions.seconds(value);
        case "--jar" -> jar = Path.of(value);
        case "--jfr" -> jfr = Path.of(value).toAbsolutePath();
        case "--eso-bin" -> esoBinary = Path.of(value);
        case "--eso-crds" -> esoCrds = Path.of(value);
        case "--eso-flags" -> esoFlags = value;
        case "--results" -> results = Path.of(value);
        case "--cds" -> cds = switch (value) {
          case "on" -> CdsArchive.CLASS_LIST;
          case "off" -> null;
          default -> throw new IllegalArgumentException("--cds takes on (as the image runs) or off");
        };
        default -> throw new IllegalArgumentException("unknown flag " + flag + " (known: --sizes --secrets-ratio"
            + " --refresh --only ours,eso --samples --settle --create-threads --ready-timeout --jar --jfr DIR"
            + " --eso-bin --eso-crds --eso-flags --results --cds on|off)");
      }
      i++;
    }
    for (String c : contenders) {
      if (!List.of("ours", "eso").contains(c)) {
        throw new IllegalArgumentException("--only takes ours, eso or ours,eso");
      }
    }
    return new CompareOptions(sizes, ratio, refresh, contenders, samples, settle, threads, readyTimeout, jvm, jar,
        jfr, esoBinary, esoCrds, List.of(esoFlags.trim().split("\\s+")), results, cds);
  }

  int secretsFor(int resources) {
    return Math.max(1, resources / secretsRatio);
  }

  Contender contender(String name, int size) {
    return "eso".equals(name) ? new EsoContender(esoBinary, esoCrds, esoFlags)
        : new OursContender(operatorJvmOptions, operatorJar, jfrDir, size, cdsClassList);
  }
}
