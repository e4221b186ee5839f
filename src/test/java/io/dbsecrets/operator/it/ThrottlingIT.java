package io.dbsecrets.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dbsecrets.operator.OperatorRuntime;
import io.dbsecrets.operator.api.ExternalDbSecret;
import io.dbsecrets.operator.support.AwsProxy;
import io.dbsecrets.operator.support.Edbs;
import io.dbsecrets.operator.support.MotoServer;
import io.dbsecrets.operator.support.OperatorHarness;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.Counter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The operator under a ThrottlingException storm on a real API server, its AWS requests counted at the wire by a
 * proxy in front of moto.
 */
@ExtendWith(KubeControlPlaneExtension.class)
class ThrottlingIT {
  private static final int RESOURCES = 5;
  private static final Duration STORM = Duration.ofSeconds(15);
  KubernetesClient client;
  MotoServer moto;
  AwsProxy proxy;
  String namespace;

  @BeforeEach
  void startAws(KubernetesClient admin) {
    client = admin;
    RealCluster.installCrd(admin);
    RealCluster.ensureNamespace(admin, RealCluster.OPERATOR_NAMESPACE);
    namespace = RealCluster.newNamespace(admin, "throttle");
    moto = MotoServer.shared();
    moto.reset();
    proxy = AwsProxy.in(moto.endpoint());
  }

  @AfterEach
  void stopAws() {
    proxy.close();
  }

  @Test
  void whileAwsThrottlesTheOperatorSendsFewerRequestsThanItsUsersAskForAndEveryResourceRecovers() {
    Edbs edbs = new Edbs(client, namespace);
    IntStream.range(0, RESOURCES).forEach(i -> moto.createSecret(namespace + "/db-" + i, "{\"password\":\"p\"}"));
    try (OperatorRuntime operator = start()) {
      IntStream.range(0, RESOURCES).forEach(i -> edbs.create("edbs-" + i, spec -> spec.setSecretId(namespace + "/db-" + i)));
      await().atMost(Duration.ofSeconds(30)).until(() -> names().allMatch(n -> "True/Synced".equals(edbs.readyReason(n))));

      proxy.throttle("GetSecretValue");
      long before = proxy.count("GetSecretValue");
      Instant stormEnds = Instant.now().plus(STORM);
      // one force-sync after the other: without throttling each costs one GetSecretValue
      names().forEach(n -> {
        edbs.forceSync(n, "storm");
        await().atMost(Duration.ofSeconds(30)).until(() -> "False/Throttled".equals(edbs.readyReason(n)));
      });
      // the storm is a span of wall time, so that the operator's own retries and probes fall into it
      await().atMost(STORM.plusSeconds(30)).pollInterval(Duration.ofMillis(200))
          .until(() -> !Instant.now().isBefore(stormEnds));
      long duringStorm = proxy.count("GetSecretValue") - before;
      proxy.heal();
      Instant healed = Instant.now();

      assertThat(duringStorm).as("requests during %s of throttling, for %s force-syncs that normally cost one each",
          STORM, RESOURCES).isPositive().isLessThanOrEqualTo(RESOURCES);
      await().atMost(Duration.ofSeconds(90)).until(() -> names().allMatch(n -> "True/Synced".equals(
          edbs.readyReason(n)) && syncedAfter(edbs.get(n), healed)));
    }
  }

  @Test
  void awsCallsMetricCountsEveryRequestOnTheWireWithItsOutcome() {
    moto.createSecret(namespace + "/db", "{\"password\":\"p\"}");
    try (OperatorRuntime operator = start()) {
      proxy.throttle("GetSecretValue");
      new Edbs(client, namespace).create("db", spec -> spec.setSecretId(namespace + "/db"));
      await().atMost(Duration.ofSeconds(30)).until(() -> proxy.answeredWith("GetSecretValue", "ThrottlingException") >= 1
          && "False/Throttled".equals(new Edbs(client, namespace).readyReason("db")));
      proxy.heal();
      await().atMost(Duration.ofSeconds(60)).until(() -> OperatorHarness.secret(client, namespace, "db") != null);

      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
        assertThat(requests(operator, "GetSecretValue", null)).isEqualTo(proxy.count("GetSecretValue"));
        assertThat(requests(operator, "GetSecretValue", "ThrottlingException"))
            .isEqualTo(proxy.answeredWith("GetSecretValue", "ThrottlingException"));
        assertThat(requests(operator, "GetSecretValue", "success")).isPositive();
      });
      assertThat(operator.metrics().registry().find("dbsecrets_aws_operations_total").tag("api", "GetSecretValue")
          .tag("outcome", "success").counter().count()).isPositive();
    }
  }

  private java.util.stream.Stream<String> names() {
    return IntStream.range(0, RESOURCES).mapToObj(i -> "edbs-" + i);
  }

  private static boolean syncedAfter(ExternalDbSecret resource, Instant t) {
    String last = resource.getStatus() == null ? null : resource.getStatus().getLastSyncTime();
    return last != null && Instant.parse(last).isAfter(t);
  }

  private static long requests(OperatorRuntime operator, String api, String outcome) {
    var search = operator.metrics().registry().find("dbsecrets_aws_calls_total").tag("api", api);
    if (outcome != null) {
      search = search.tag("outcome", outcome);
    }
    List<Counter> counters = List.copyOf(search.counters());
    return (long) counters.stream().mapToDouble(Counter::count).sum();
  }

  private OperatorRuntime start() {
    Map<String, String> settings = new java.util.HashMap<>(RealCluster.watching(namespace));
    settings.put("DBSECRETS_AWS_ENDPOINT", proxy.endpoint().toString());
    settings.put("DBSECRETS_BATCH_FETCH", "false");
    return OperatorHarness.start(client, OperatorHarness.config(moto, settings));
  }
}
