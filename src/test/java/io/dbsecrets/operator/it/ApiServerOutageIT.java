package io.dbsecrets.operator.it;

import static io.dbsecrets.operator.it.RealCluster.TIMEOUT;
import static io.dbsecrets.operator.it.RealCluster.decode;
import static io.dbsecrets.operator.support.OperatorHarness.readyReason;
import static io.dbsecrets.operator.support.OperatorHarness.secret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dbsecrets.operator.KubernetesClients;
import io.dbsecrets.operator.OperatorRuntime;
import io.dbsecrets.operator.api.DataMapping;
import io.dbsecrets.operator.api.ExternalDbSecretStatus;
import io.dbsecrets.operator.support.MotoServer;
import io.dbsecrets.operator.support.OperatorHarness;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.Counter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Stops the real kube-apiserver (etcd stays) under a running operator and starts it again: refresh must resume by
 * itself. The control plane is private, as stopping the shared one would fail other test classes.
 */
class ApiServerOutageIT {
  private static final String JSON = "{\"username\":\"app\",\"password\":\"%s\"}";
  /** JOSDK's default retry gave up after 1 + 5 attempts; the outage lasts longer than that, counted, not timed. */
  private static final int FAILED_RECONCILES_DURING_OUTAGE = 10;

  private static KubeControlPlane kube;
  private static KubernetesClient operatorClient;
  private static MotoServer moto;
  private static OperatorRuntime operator;
  private static String namespace;

  @BeforeAll
  static void start() {
    kube = KubeControlPlane.start();
    KubernetesClient admin = kube.adminClient();
    RealCluster.installCrd(admin);
    RealCluster.ensureNamespace(admin, RealCluster.OPERATOR_NAMESPACE);
    namespace = RealCluster.newNamespace(admin, "outage-it");
    moto = MotoServer.shared();
    moto.reset();
    Map<String, String> env = new HashMap<>(RealCluster.watching(namespace));
    // the production retry policy with short intervals, so the test needs seconds of outage, not minutes
    env.put("DBSECRETS_RETRY_INITIAL_INTERVAL", "200ms");
    env.put("DBSECRETS_RETRY_MAX_INTERVAL", "1s");
    operatorClient = KubernetesClients.forOperator(kube.adminConfig());
    operator = OperatorHarness.start(operatorClient, OperatorHarness.config(moto, env));
  }

  @AfterAll
  static void stop() {
    if (operator != null) {
      operator.close();
    }
    if (operatorClient != null) {
      operatorClient.close();
    }
    if (kube != null) {
      kube.close();
    }
  }

  @Test
  void refreshResumesAfterAnOutageAndAppliesTheRotationMadeDuringIt() throws Exception {
    KubernetesClient admin = kube.adminClient();
    moto.createSecret(namespace + "/db", JSON.formatted("before-outage"));
    RealCluster.create(admin, namespace, "db", spec -> {
      spec.setSecretId(namespace + "/db");
      spec.setRefreshInterval("2s");
      spec.setData(List.of(new DataMapping("DB_PASSWORD", "password")));
    });
    await().atMost(TIMEOUT).until(() -> "True/Synced".equals(readyReason(admin, namespace, "db")));
    Instant syncedBefore = Instant.parse(status(admin).getLastSyncTime());

    kube.stopApiServer();
    String rotated = moto.putSecret(namespace + "/db", JSON.formatted("rotated-during-outage"));
    double errorsBefore = apiErrors();
    await().atMost(TIMEOUT).until(() -> apiErrors() - errorsBefore >= FAILED_RECONCILES_DURING_OUTAGE);
    assertThat(get("/healthz").statusCode()).as("an outage a restart cannot fix does not fail liveness")
        .isEqualTo(200);
    kube.startApiServer();

    await().atMost(TIMEOUT).until(() -> "rotated-during-outage".equals(decode(secret(admin, namespace, "db"),
        "DB_PASSWORD")));
    await().atMost(TIMEOUT).untilAsserted(() -> {
      ExternalDbSecretStatus status = status(admin);
      assertThat(status.getSyncedVersionId()).isEqualTo(rotated);
      assertThat(Instant.parse(status.getLastSyncTime())).isAfter(syncedBefore);
    });
    // and it keeps refreshing: a later sync moves lastSyncTime again
    Instant afterOutage = Instant.parse(status(admin).getLastSyncTime());
    await().atMost(TIMEOUT).until(() -> Instant.parse(status(admin).getLastSyncTime()).isAfter(afterOutage));
    assertThat(readyReason(admin, namespace, "db")).isEqualTo("True/Synced");
    assertThat(get("/healthz").statusCode()).isEqualTo(200);
  }

  private static double apiErrors() {
    return operator.metrics().registry().find("dbsecrets_reconcile_errors_total").tag("kind", "KubernetesApi")
        .counters().stream().mapToDouble(Counter::count).sum();
  }

  private static ExternalDbSecretStatus status(KubernetesClient admin) {
    return RealCluster.get(admin, namespace, "db").getStatus();
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + operator.httpPort() + path)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
