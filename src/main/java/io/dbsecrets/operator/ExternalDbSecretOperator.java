package io.dbsecrets.operator;

import io.dbsecrets.operator.config.Help;
import io.dbsecrets.operator.config.LogSettings;
import io.dbsecrets.operator.config.OperatorConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the operator against the current kubeconfig or in-cluster config until the JVM is asked to stop. */
public final class ExternalDbSecretOperator {
  private static final Logger log = LoggerFactory.getLogger(ExternalDbSecretOperator.class);

  /** Set before anything starts the common pool: it reads the property once, when first used. */
  static final String COMMON_POOL_PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

  private ExternalDbSecretOperator() {}

  public static void main(String[] args) throws InterruptedException {
    // CompletableFuture's *Async stages without an executor run on the common pool, or on a new thread per task
    // when its parallelism is 1, as on any machine or container with 2 CPUs or fewer. The JDK HTTP client (the
    // Kubernetes client's) completes every response so: thousands of threads started in a cold start. Two pool
    // threads serve them instead; an explicit -D setting wins, and with more CPUs the JDK's default is kept.
    if (System.getProperty(COMMON_POOL_PARALLELISM) == null && Runtime.getRuntime().availableProcessors() <= 2) {
      System.setProperty(COMMON_POOL_PARALLELISM, "2");
    }
    TlsCipherOrder.apply();
    if (Help.asked(args)) {
      System.out.print(Help.text());
      return;
    }
    OperatorConfig config;
    try {
      config = OperatorConfig.fromEnvironment(System.getenv(), args);
    } catch (IllegalArgumentException e) {
      System.err.println("externaldbsecret-operator: " + e.getMessage());
      System.exit(2);
      return;
    }
    LogSettings.apply(config);
    KubernetesClient client = KubernetesClients.forOperator(Config.autoConfigure(null));
    OperatorRuntime runtime;
    try {
      runtime = OperatorRuntime.start(config, client);
    } catch (KubernetesClientException e) {
      log.error("cannot start: the Kubernetes API at {} answered: {}", client.getMasterUrl(), e.getMessage());
      client.close();
      System.exit(1);
      return;
    }
    log.info("operator started: namespaces={}, region={}, refresh={}, shard {} of {}, http port {}, java {} ({})",
        config.watchesAllNamespaces() ? "all" : config.watchNamespaces(), config.defaultRegion(),
        config.defaultRefreshInterval(), config.shard().index(), config.shard().count(), runtime.httpPort(),
        System.getProperty("java.runtime.version"), System.getProperty("java.vm.info"));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      log.info("stopping: finishing reconciles in flight");
      runtime.close();
      client.close();
      stopped.countDown();
    }, "shutdown"));
    stopped.await();
  }
}
