package io.dbsecrets.operator.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The operator as it is deployed: the shaded jar in its own JVM, configured only through environment variables,
 * logging text to a file. Reads its /metrics, heap after a full GC (jcmd) and resident set size (/proc).
 */
final class OperatorProcess implements AutoCloseable {
  private static final Pattern USED = Pattern.compile("used (\\d+)K");
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private final Process process;
  private final int httpPort;
  private final Path log;

  private OperatorProcess(Process process, int httpPort, Path log) {
    this.process = process;
    this.httpPort = httpPort;
    this.log = log;
  }

  static OperatorProcess start(BenchOptions options, Map<String, String> kubeEnv, URI awsEndpoint, Path log)
      throws IOException {
    return start(options.operatorJvmOptions(), options.operatorJar(), kubeEnv, awsEndpoint, log);
  }

  static OperatorProcess start(String jvmOptions, Path jar, Map<String, String> kubeEnv, URI awsEndpoint, Path log)
      throws IOException {
    int port = freePort();
    List<String> command = javaCommand(jvmOptions);
    command.add("-jar");
    command.add(jar.toAbsolutePath().toString());
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(k -> k.startsWith("KUBERNETES_") || k.equals("KUBECONFIG") || k.startsWith("AWS_")
        || k.startsWith("DBSECRETS_") || k.equals("JAVA_TOOL_OPTIONS"));
    env.putAll(kubeEnv);
    env.put("DBSECRETS_AWS_ENDPOINT", awsEndpoint.toString());
    env.put("AWS_ACCESS_KEY_ID", "testing");
    env.put("AWS_SECRET_ACCESS_KEY", "testing");
    env.put("AWS_REGION", "us-east-1");
    env.put("DBSECRETS_POLICY_ENFORCED", "false");
    env.put("DBSECRETS_HTTP_PORT", String.valueOf(port));
    env.put("DBSECRETS_LOG_FORMAT", "text");
    env.putAll(extraSettings(System.getenv().getOrDefault("BENCH_OPERATOR_ENV", "")));
    Files.writeString(log, "\n=== bench: starting operator: " + String.join(" ", command) + "\n",
        StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    return new OperatorProcess(builder.start(), port, log);
  }

  /** The JVM the bench runs on (the operator runs on the same one), with these flags; arguments go after them. */
  static List<String> javaCommand(String jvmOptions) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(jvmOptions.trim().split("\\s+")));
    return command;
  }

  /**
   * Operator settings for an experiment ({@code BENCH_OPERATOR_ENV="DBSECRETS_BATCH_WINDOW=0 DBSECRETS_LOG_LEVEL=DEBUG"}):
   * only {@code DBSECRETS_} settings, and they override the bench's own.
   */
  static Map<String, String> extraSettings(String spec) {
    Map<String, String> settings = new LinkedHashMap<>();
    for (String pair : spec.trim().split("\\s+")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      if (eq <= 0 || !pair.startsWith("DBSECRETS_")) {
        throw new IllegalArgumentException("BENCH_OPERATOR_ENV takes DBSECRETS_NAME=value pairs, not: " + pair);
      }
      settings.put(pair.substring(0, eq), pair.substring(eq + 1));
    }
    return settings;
  }

  long pid() {
    return process.pid();
  }

  /** Waits for /readyz to answer 200 (informers synced); throws if the process dies first. */
  void awaitReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("operator exited with " + process.exitValue() + "; see " + log);
      }
      try {
        if (get("/readyz").statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Bench.sleep(Duration.ofMillis(200));
    }
    throw new IllegalStateException("operator not ready after " + timeout + "; see " + log);
  }

  PromMetrics metrics() {
    try {
      return PromMetrics.parse(get("/metrics").body());
    } catch (IOException e) {
      throw new IllegalStateException("cannot read /metrics; see " + log, e);
    }
  }

  /** Heap in use after a full GC, in MiB, from jcmd GC.run + GC.heap_info. */
  double heapAfterGcMib() {
    Bench.run("jcmd", String.valueOf(pid()), "GC.run");
    String info = Bench.run("jcmd", String.valueOf(pid()), "GC.heap_info");
    long usedKib = 0;
    for (String line : info.split("\n")) {
      if (line.contains("Metaspace") || line.contains("class space")) {
        continue;
      }
      Matcher m = USED.matcher(line);
      if (m.find() && (line.contains("heap") || line.contains("generation"))) {
        usedKib += Long.parseLong(m.group(1));
      }
    }
    return usedKib / 1024.0;
  }

  /** Maximum heap the JVM chose, in MiB. */
  double maxHeapMib() {
    String flags = Bench.run("jcmd", String.valueOf(pid()), "VM.flags");
    Matcher m = Pattern.compile("MaxHeapSize=(\\d+)").matcher(flags);
    return m.find() ? Long.parseLong(m.group(1)) / 1048576.0 : Double.NaN;
  }

  String gc() {
    String flags = Bench.run("jcmd", String.valueOf(pid()), "VM.flags");
    for (String gc : List.of("UseSerialGC", "UseG1GC", "UseParallelGC", "UseZGC")) {
      if (flags.contains("+" + gc)) {
        return gc.substring(3);
      }
    }
    return "?";
  }

  /** Resident set size of the process, in MiB. */
  double rssMib() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid()), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
        }
      }
    } catch (IOException e) {
      // fall through
    }
    return Double.NaN;
  }

  /** SIGTERM, as Kubernetes stops a pod; SIGKILL after 30s. */
  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    stop(process);
  }

  /** SIGTERM, up to 30 s to exit, then SIGKILL. */
  static void stop(Process process) {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private HttpResponse<String> get(String path) throws IOException {
    try {
      return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
          .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
