package io.dbsecrets.operator.bench;

import io.dbsecrets.operator.api.ExternalDbSecret;
import io.dbsecrets.operator.api.ExternalDbSecretSpec;
import io.dbsecrets.operator.api.RolloutTarget;
import io.dbsecrets.operator.api.WorkloadKind;
import io.dbsecrets.operator.support.AwsProxy;
import io.dbsecrets.operator.support.MotoServer;
import io.dbsecrets.operator.support.OperatorHarness;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import java.util.function.IntConsumer;

/**
 * One size: N ExternalDbSecrets over M AWS secrets on a fresh API server and a fresh moto. Phases: create,
 * cold start, one steady refresh cycle, new-resource latency, heap, restart.
 */
final class ScaleRun {
  static final int NAMESPACES = 4;
  static final int DEPLOYMENTS_PER_NAMESPACE = 5;
  static final String SECRET_JSON = "{\"username\":\"app\",\"password\":\"pw-%d\",\"engine\":\"postgres\","
      + "\"host\":\"db-%d.example.internal\",\"port\":5432,\"dbname\":\"app\",\"dbInstanceIdentifier\":\"db-%d\"}";

  private final BenchOptions options;
  private final int n;
  private final int m;
  private final Path logDir;
  private final SizeResult result = new SizeResult();

  ScaleRun(BenchOptions options, int n, Path logDir) {
    this.options = options;
    this.n = n;
    this.m = options.secretsFor(n);
    this.logDir = logDir;
    result.resources = n;
    result.secrets = m;
    result.settleCycles = options.settleCycles();
    result.deployments = NAMESPACES * DEPLOYMENTS_PER_NAMESPACE;
  }

  SizeResult run() {
    result.loadStart = Bench.load();
    Bench.log("N=%d M=%d: starting moto, proxy, API server", n, m);
    try (MotoServer moto = MotoServer.start();
         AwsProxy proxy = AwsProxy.in(moto.endpoint());
         KubeTier tier = KubeTier.start(options.tier())) {
      result.tier = tier.name();
      measure(tier, moto, proxy);
    } catch (Exception | AssertionError e) {
      result.error = e.getClass().getSimpleName() + ": " + e.getMessage();
      Bench.log("N=%d failed: %s", n, result.error);
      e.printStackTrace(System.out);
    }
    result.loadEnd = Bench.load();
    return result;
  }

  private void measure(KubeTier tier, MotoServer moto, AwsProxy proxy) throws Exception {
    KubernetesClient client = tier.client();
    setUpCluster(client);
    parallel(m, i -> moto.createSecret(secretName(i), String.format(SECRET_JSON, i, i, i)));
    long t = System.nanoTime();
    parallel(n, i -> client.resources(ExternalDbSecret.class).inNamespace(namespace(i))
        .resource(resource(i, "edb-" + i, i % m)).create());
    result.createSeconds = Bench.seconds(System.nanoTime() - t);
    Bench.log("created %d ExternalDbSecrets in %.1fs (%.0f/s)", n, result.createSeconds, n / result.createSeconds);

    Path log = logDir.resolve("operator-" + n + ".log");
    try (ReadyWatch tracker = ReadyWatch.ofExternalDbSecrets(client)) {
      long start = System.nanoTime();
      OperatorProcess operator = OperatorProcess.start(options, tier.operatorEnv(), proxy.endpoint(), log);
      try {
        operator.awaitReady(Duration.ofMinutes(5));
        result.operatorReadyzSeconds = Bench.seconds(System.nanoTime() - start);
        long last = tracker.awaitCount(n, Duration.ofMinutes(30));
        result.coldStartSeconds = Bench.seconds(last - start);
        result.coldAwsCalls = countByApi(proxy, 0, proxy.requests().size());
        result.coldReconciles = Math.round(operator.metrics().sum("dbsecrets_reconciles_total"));
        Bench.log("cold start: all %d Ready after %.1fs; AWS calls %s", n, result.coldStartSeconds,
            result.coldAwsCalls);
        steadyCycle(operator, proxy);
        latency(client, tracker);
        result.heapAfterGcMib = operator.heapAfterGcMib();
        result.maxHeapMib = operator.maxHeapMib();
        result.gc = operator.gc();
        result.rssMib = operator.rssMib();
        Bench.log("heap after GC %.1f MiB (max %.0f, %s), RSS %.1f MiB", result.heapAfterGcMib, result.maxHeapMib,
            result.gc, result.rssMib);
        operator = restart(client, operator, tier, proxy, log);
      } finally {
        operator.close();
      }
    }
  }

  /** The CRD, the namespaces and the Deployments every resource names as its rollout target. */
  static void setUpCluster(KubernetesClient client) {
    OperatorHarness.installCrd(client);
    for (int ns = 0; ns < NAMESPACES; ns++) {
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("bench-" + ns).endMetadata()
          .build()).create();
      for (int d = 0; d < DEPLOYMENTS_PER_NAMESPACE; d++) {
        client.apps().deployments().inNamespace("bench-" + ns).resource(deployment("app-" + d)).create();
      }
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) { // the CRD is served once Established
      try {
        client.resources(ExternalDbSecret.class).inNamespace("bench-0").list();
        return;
      } catch (RuntimeException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Bench.sleep(Duration.ofMillis(200));
      }
    }
  }

  /** Waits one refresh interval plus the jitter window after cold start, then counts one interval. */
  private void steadyCycle(OperatorProcess operator, AwsProxy proxy) {
    Duration interval = options.refreshInterval();
    Duration settle = Duration.ofMillis((long) (interval.toMillis() * options.settleCycles()));
    Bench.log("steady state: waiting %ds (%.1f intervals), then counting %ds", settle.toSeconds(),
        options.settleCycles(), interval.toSeconds());
    Bench.sleep(settle);
    int from = proxy.requests().size();
    PromMetrics before = operator.metrics();
    long t = System.nanoTime();
    Bench.sleep(interval);
    int to = proxy.requests().size();
    PromMetrics after = operator.metrics();
    result.cycleSeconds = Bench.seconds(System.nanoTime() - t);
    result.cycleAwsCalls = countByApi(proxy, from, to);
    result.cycleSecretsRead = SecretReads.of(proxy.requests().subList(from, to));
    result.cycleSyncs = after.deltaBy(before, "dbsecrets_syncs_total", "trigger");
    result.cycleReconciles = after.deltaBy(before, "dbsecrets_reconciles_total", "trigger");
    result.reconcilesPerResourcePerCycle = SizeResult.total(result.cycleReconciles) / (double) n;
    Bench.log("steady cycle: AWS %s, syncs %s, reconciles %s", result.cycleAwsCalls, result.cycleSyncs,
        result.cycleReconciles);
  }

  private void latency(KubernetesClient client, ReadyWatch tracker) {
    List<Double> millis = new ArrayList<>();
    for (int i = 0; i < options.latencySamples(); i++) {
      String name = "probe-" + i;
      long t = System.nanoTime();
      client.resources(ExternalDbSecret.class).inNamespace("bench-0").resource(resource(0, name, (i * 7) % m))
          .create();
      try {
        millis.add((tracker.awaitReady("bench-0", name, Duration.ofSeconds(30)) - t) / 1e6);
      } catch (TimeoutException e) {
        result.latencyTimeouts++;
      }
      Bench.sleep(Duration.ofMillis(200));
    }
    millis.sort(Double::compare);
    result.latencySamples = millis.size();
    if (!millis.isEmpty()) {
      result.latencyP50Ms = percentile(millis, 0.50);
      result.latencyP99Ms = percentile(millis, 0.99);
      result.latencyMaxMs = millis.get(millis.size() - 1);
    }
    Bench.log("new resource Ready: p50 %.0f ms, p99 %.0f ms, max %.0f ms (%d samples, %d timeouts)",
        result.latencyP50Ms, result.latencyP99Ms, result.latencyMaxMs, millis.size(), result.latencyTimeouts);
  }

  /** SIGTERM the operator, start a new one at once, and watch what it does in the next minutes. */
  private OperatorProcess restart(KubernetesClient client, OperatorProcess old, KubeTier tier, AwsProxy proxy,
                                  Path log) throws IOException {
    Duration observe = options.restartObserve();
    Map<String, String> templatesBefore = deploymentTemplates(client);
    Instant windowEnd = Instant.now().plus(observe);
    result.restartDueInWindow = (int) client.resources(ExternalDbSecret.class).inAnyNamespace().list().getItems()
        .stream().filter(r -> r.getStatus() != null && r.getStatus().getNextRefreshTime() != null
            && !Instant.parse(r.getStatus().getNextRefreshTime()).isAfter(windowEnd)).count();
    int from = proxy.requests().size();
    long t = System.nanoTime();
    Bench.log("restart: stopping operator pid %d", old.pid());
    old.close();
    OperatorProcess fresh = OperatorProcess.start(options, tier.operatorEnv(), proxy.endpoint(), log);
    fresh.awaitReady(Duration.ofMinutes(5));
    result.restartReadyzSeconds = Bench.seconds(System.nanoTime() - t);
    Bench.sleep(observe.minusNanos(System.nanoTime() - t));
    result.restartObserveSeconds = Bench.seconds(System.nanoTime() - t);
    result.restartAwsCalls = countByApi(proxy, from, proxy.requests().size());
    result.restartSecretsRead = SecretReads.of(proxy.requests().subList(from, proxy.requests().size()));
    PromMetrics metrics = fresh.metrics();
    result.restartSyncs = metrics.deltaBy(null, "dbsecrets_syncs_total", "trigger");
    result.restartReconciles = metrics.deltaBy(null, "dbsecrets_reconciles_total", "trigger");
    result.restartRollouts = Math.round(metrics.sum("dbsecrets_rollouts_total"));
    Map<String, String> templatesAfter = deploymentTemplates(client);
    result.deploymentsRestarted = (int) templatesBefore.entrySet().stream()
        .filter(e -> !Objects.equals(e.getValue(), templatesAfter.get(e.getKey()))).count();
    Bench.log("restart: %.0fs observed, AWS %s, syncs %s, reconciles %s, rollouts %d, deployments changed %d",
        result.restartObserveSeconds, result.restartAwsCalls, result.restartSyncs, result.restartReconciles,
        result.restartRollouts, result.deploymentsRestarted);
    return fresh;
  }

  private Map<String, String> deploymentTemplates(KubernetesClient client) {
    Map<String, String> templates = new TreeMap<>();
    for (int ns = 0; ns < NAMESPACES; ns++) {
      for (Deployment d : client.apps().deployments().inNamespace("bench-" + ns).list().getItems()) {
        templates.put(ns + "/" + d.getMetadata().getName(),
            String.valueOf(d.getSpec().getTemplate().getMetadata().getAnnotations()));
      }
    }
    return templates;
  }

  private ExternalDbSecret resource(int i, String name, int secret) {
    ExternalDbSecret r = new ExternalDbSecret();
    r.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace(i)).build());
    ExternalDbSecretSpec spec = new ExternalDbSecretSpec();
    spec.setSecretId(secretName(secret));
    spec.setRefreshInterval(options.refreshInterval().toSeconds() + "s");
    spec.getRollout().getTargets().add(new RolloutTarget(WorkloadKind.Deployment,
        "app-" + (i % DEPLOYMENTS_PER_NAMESPACE)));
    r.setSpec(spec);
    return r;
  }

  private static Deployment deployment(String name) {
    return new DeploymentBuilder().withNewMetadata().withName(name).endMetadata()
        .withNewSpec().withReplicas(1)
        .withNewSelector().addToMatchLabels("app", name).endSelector()
        .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
        .withNewSpec().addNewContainer().withName("app").withImage("registry.k8s.io/pause:3.10")
        .endContainer().endSpec().endTemplate().endSpec().build();
  }

  static String namespace(int i) {
    return "bench-" + (i % NAMESPACES);
  }

  static String secretName(int i) {
    return String.format("bench/db-%05d", i);
  }

  private void parallel(int count, IntConsumer action) throws Exception {
    parallel(options.createThreads(), count, action);
  }

  static void parallel(int threads, int count, IntConsumer action) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        int index = i;
        futures.add(pool.submit(() -> action.accept(index)));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  static Map<String, Long> countByApi(AwsProxy proxy, int from, int to) {
    Map<String, Long> counts = new TreeMap<>();
    proxy.requests().subList(from, to).forEach(r -> counts.merge(r.api(), 1L, Long::sum));
    return counts;
  }

  static double percentile(List<Double> sorted, double p) {
    int index = (int) Math.ceil(p * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }
}
