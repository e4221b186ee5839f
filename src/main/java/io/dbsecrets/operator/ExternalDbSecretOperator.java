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

  private ExternalDbSecretOperator() {}

  public static void main(String[] args) throws InterruptedException {
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
    log.info("operator started: namespaces={}, region={}, refresh={}, shard {} of {}, http port {}",
        config.watchesAllNamespaces() ? "all" : config.watchNamespaces(), config.defaultRegion(),
        config.defaultRefreshInterval(), config.shard().index(), config.shard().count(), runtime.httpPort());
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
