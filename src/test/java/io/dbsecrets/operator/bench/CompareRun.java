package io.dbsecrets.operator.bench;

import static io.dbsecrets.operator.bench.ScaleRun.namespace;
import static io.dbsecrets.operator.bench.ScaleRun.secretName;

import io.dbsecrets.operator.support.AwsProxy;
import io.dbsecrets.operator.support.MotoServer;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;
import java.util.function.IntConsumer;

/**
 * One operator at one size, on its own fresh API server and moto behind the recording proxy: N resources over M
 * secrets, then cold start, one steady refresh cycle and new-resource latency, with CPU, RSS and threads from /proc.
 * Both operators go through exactly this sequence, so their figures compare.
 */
final class CompareRun {
  private static final String SECRET_JSON = "{\"username\":\"app\",\"password\":\"pw-%d\",\"engine\":\"postgres\","
      + "\"host\":\"db-%d.example.internal\",\"port\":5432,\"dbname\":\"app\",\"dbInstanceIdentifier\":\"db-%d\"}";

  private final CompareOptions options;
  private final Contender contender;
  private final int n;
  private final int m;
  private final Path log;
  private final CompareResult result;

  CompareRun(CompareOptions options, Contender contender, int n, Path logDir) {
    this.options = options;
    this.contender = contender;
    this.n = n;
    this.m = options.secretsFor(n);
    this.log = logDir.resolve(contender.name().toLowerCase() + "-" + n + ".log");
    this.result = new CompareResult(contender.name(), n, m);
  }

  CompareResult run() {
    result.loadStart = Bench.load();
    Bench.log("%s N=%d M=%d: starting moto, proxy, API server", contender.name(), n, m);
    // the real tier only: ESO's binary cannot talk to the fabric8 mock server's fabric8-only configuration
    try (LoadSampler load = new LoadSampler();
         MotoServer moto = MotoServer.start();
         AwsProxy proxy = AwsProxy.in(moto.endpoint());
         KubeTier tier = KubeTier.start("real")) {
      measure(tier, moto, proxy);
      result.loadMax = load.max();
    } catch (Exception | AssertionError e) {
      result.error = e.getClass().getSimpleName() + ": " + e.getMessage();
      Bench.log("%s N=%d failed: %s", contender.name(), n, result.error);
      e.printStackTrace(System.out);
    }
    result.loadEnd = Bench.load();
    return result;
  }

  private void measure(KubeTier tier, MotoServer moto, AwsProxy proxy) throws Exception {
    KubernetesClient client = tier.client();
    List<String> namespaces = new ArrayList<>();
    for (int ns = 0; ns < ScaleRun.NAMESPACES; ns++) {
      namespaces.add(namespace(ns));
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace(ns)).endMetadata()
          .build()).create();
    }
    contender.install(client, namespaces);
    parallel(m, i -> moto.createSecret(secretName(i), String.format(SECRET_JSON, i, i, i)));
    awaitServed(client);
    long t = System.nanoTime();
    parallel(n, i -> client.genericKubernetesResources(contender.apiVersion(), contender.kind())
        .inNamespace(namespace(i)).resource(contender.resource(namespace(i), "r-" + i, secretName(i % m),
            options.refreshInterval())).create());
    result.createSeconds = Bench.seconds(System.nanoTime() - t);
    Bench.log("created %d %ss in %.1fs", n, contender.kind(), result.createSeconds);

    try (ReadyWatch watch = new ReadyWatch(client, contender.apiVersion(), contender.kind())) {
      long start = System.nanoTime();
      try (Contender.Running operator = contender.start(tier.operatorEnv(), proxy.endpoint(), log)) {
        operator.awaitStarted(Duration.ofMinutes(5));
        result.startedSeconds = Bench.seconds(System.nanoTime() - start);
        result.startedCpuSeconds = ProcStats.of(operator.pid()).cpuSeconds();
        long last = watch.awaitCount(n, options.readyTimeout());
        result.coldCpuSeconds = ProcStats.of(operator.pid()).cpuSeconds();
        result.coldStartSeconds = Bench.seconds(last - start);
        result.coldAwsCalls = ScaleRun.countByApi(proxy, 0, proxy.requests().size());
        operator.allReady();
        Bench.log("%s cold start: all %d Ready after %.1fs, CPU %.1fs, AWS calls %s", contender.name(), n,
            result.coldStartSeconds, result.coldCpuSeconds, result.coldAwsCalls);
        steadyCycle(operator, proxy);
        latency(client, watch);
        ProcStats end = ProcStats.of(operator.pid());
        result.rssMib = end.rssMib();
        result.threads = end.threads();
        Bench.log("%s RSS %.1f MiB, %d threads", contender.name(), result.rssMib, result.threads);
      }
    }
  }

  /** Waits one refresh interval plus the jitter window after all are Ready, then counts one interval. */
  private void steadyCycle(Contender.Running operator, AwsProxy proxy) {
    Duration interval = options.refreshInterval();
    Bench.sleep(Duration.ofMillis((long) (interval.toMillis() * options.settleCycles())));
    operator.steadyCycleStarts();
    int from = proxy.requests().size();
    double cpu = ProcStats.of(operator.pid()).cpuSeconds();
    long t = System.nanoTime();
    Bench.sleep(interval);
    int to = proxy.requests().size();
    result.cycleCpuSeconds = ProcStats.of(operator.pid()).cpuSeconds() - cpu;
    result.cycleSeconds = Bench.seconds(System.nanoTime() - t);
    operator.steadyCycleEnds();
    result.cycleAwsCalls = ScaleRun.countByApi(proxy, from, to);
    Bench.log("%s steady cycle: AWS %s, CPU %.1fs", contender.name(), result.cycleAwsCalls, result.cycleCpuSeconds);
  }

  private void latency(KubernetesClient client, ReadyWatch watch) {
    List<Double> millis = new ArrayList<>();
    for (int i = 0; i < options.latencySamples(); i++) {
      String name = "probe-" + i;
      long t = System.nanoTime();
      client.genericKubernetesResources(contender.apiVersion(), contender.kind()).inNamespace(namespace(0))
          .resource(contender.resource(namespace(0), name, secretName((i * 7) % m), options.refreshInterval()))
          .create();
      try {
        millis.add((watch.awaitReady(namespace(0), name, Duration.ofSeconds(30)) - t) / 1e6);
      } catch (TimeoutException e) {
        result.latencyTimeouts++;
      }
      Bench.sleep(Duration.ofMillis(200));
    }
    millis.sort(Double::compare);
    result.latencySamples = millis.size();
    if (!millis.isEmpty()) {
      result.latencyP50Ms = ScaleRun.percentile(millis, 0.50);
      result.latencyP99Ms = ScaleRun.percentile(millis, 0.99);
      result.latencyMaxMs = millis.get(millis.size() - 1);
    }
    Bench.log("%s new resource Ready: p50 %.0f ms, p99 %.0f ms, max %.0f ms (%d samples, %d timeouts)",
        contender.name(), result.latencyP50Ms, result.latencyP99Ms, result.latencyMaxMs, millis.size(),
        result.latencyTimeouts);
  }

  private void awaitServed(KubernetesClient client) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) { // a CRD is served once Established
      try {
        client.genericKubernetesResources(contender.apiVersion(), contender.kind()).inNamespace(namespace(0)).list();
        return;
      } catch (RuntimeException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Bench.sleep(Duration.ofMillis(200));
      }
    }
  }

  private void parallel(int count, IntConsumer action) throws Exception {
    ScaleRun.parallel(options.createThreads(), count, action);
  }

  /** The highest 1-minute load average seen during a run, sampled every 5 s. */
  private static final class LoadSampler implements AutoCloseable {
    private final java.util.concurrent.ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(r -> {
          Thread thread = new Thread(r, "load-sampler");
          thread.setDaemon(true);
          return thread;
        });
    private volatile double max = Bench.load();

    LoadSampler() {
      timer.scheduleAtFixedRate(() -> max = Math.max(max, Bench.load()), 5, 5, java.util.concurrent.TimeUnit.SECONDS);
    }

    double max() {
      return max;
    }

    @Override
    public void close() {
      timer.shutdownNow();
    }
  }
}
