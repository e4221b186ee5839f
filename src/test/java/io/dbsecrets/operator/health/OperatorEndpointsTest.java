package io.dbsecrets.operator.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dbsecrets.operator.OperatorRuntime;
import io.dbsecrets.operator.api.ExternalDbSecret;
import io.dbsecrets.operator.api.ExternalDbSecretSpec;
import io.dbsecrets.operator.support.MotoServer;
import io.dbsecrets.operator.support.OperatorHarness;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What Prometheus and the kubelet see on the operator's HTTP port. */
@EnableKubernetesMockClient(crud = true)
class OperatorEndpointsTest {
  static KubernetesClient client;
  static MotoServer moto;
  static OperatorRuntime operator;
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    moto = MotoServer.start();
    OperatorHarness.installCrd(client);
    operator = OperatorHarness.start(client, OperatorHarness.config(moto, Map.of()));
  }

  @AfterAll
  static void stop() {
    operator.close();
    moto.close();
  }

  @Test
  void healthAndReadinessAreUpOnceTheInformersRun() throws Exception {
    await().atMost(Duration.ofSeconds(20)).until(() -> get("/readyz").statusCode() == 200);
    assertThat(get("/healthz").statusCode()).isEqualTo(200);
    assertThat(get("/readyz").body()).contains("informersHealthy=true");
    assertThat(get("/healthz").body()).contains("overdueReconciles=0");
  }

  @Test
  void metricsShowSyncsAwsCallsAndReconcilesAfterASync() throws Exception {
    String namespace = OperatorHarness.newNamespace(client, "metrics");
    moto.createSecret(namespace + "/db", "{\"password\":\"hunter2-secret\"}");
    ExternalDbSecret resource = new ExternalDbSecret();
    resource.getMetadata().setName("db");
    resource.getMetadata().setNamespace(namespace);
    resource.setSpec(new ExternalDbSecretSpec());
    resource.getSpec().setSecretId(namespace + "/db");
    client.resource(resource).create();
    await().atMost(Duration.ofSeconds(20)).until(() -> OperatorHarness.readyReason(client, namespace, "db")
        .equals("True/Synced"));

    String metrics = get("/metrics").body();
    assertThat(metrics)
        .contains("dbsecrets_syncs_total{secret_written=\"true\",trigger=\"FIRST_SYNC\"}")
        .containsPattern("dbsecrets_aws_calls_total\\{api=\"(Batch)?GetSecretValue\",outcome=\"success\"")
        .contains("dbsecrets_reconciles_total{trigger=\"FIRST_SYNC\"}")
        .contains("dbsecrets_sync_duration_seconds_bucket")
        .contains("operator_sdk_")
        .containsPattern("dbsecrets_managed_resources [1-9]")
        .contains("dbsecrets_refresh_overdue_resources 0.0")
        .contains("dbsecrets_reconcile_overdue_resources 0.0")
        .doesNotContain("hunter2-secret")
        .doesNotContain(namespace + "/db");
  }

  private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + operator.httpPort() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
