package io.dbsecrets.operator.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dbsecrets.operator.OperatorRuntime;
import io.dbsecrets.operator.api.ExternalDbSecret;
import io.dbsecrets.operator.support.MotoServer;
import io.dbsecrets.operator.support.OperatorExtension;
import io.dbsecrets.operator.support.OperatorHarness;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** With DBSECRETS_RESOURCE_METRICS=true (chart: metrics.perResource), /metrics has one series per resource. */
@Tag("slow")
@EnableKubernetesMockClient(crud = true)
class ResourceMetricsTest {
  static KubernetesClient client;
  @RegisterExtension
  static final OperatorExtension env = OperatorExtension.on(() -> client, "per-resource")
      .settings(Map.of("DBSECRETS_RESOURCE_METRICS", "true"));

  @Test
  void eachResourceHasItsReadinessLastSyncTimeAndRefreshInterval() throws Exception {
    String namespace = env.namespace();
    env.moto().createSecret(namespace + "/good", "{\"password\":\"pw\"}");
    ExternalDbSecret good = OperatorEndpointsTest.resource(namespace, "good", namespace + "/good");
    good.getSpec().setRefreshInterval("15m");
    client.resource(good).create();
    client.resource(OperatorEndpointsTest.resource(namespace, "missing", namespace + "/missing")).create();
    await().atMost(Duration.ofSeconds(20)).until(() -> OperatorHarness.readyReason(client, namespace, "good")
        .equals("True/Synced") && OperatorHarness.readyReason(client, namespace, "missing").equals("False/SecretNotFound"));
    Instant lastSync = Instant.parse(client.resources(ExternalDbSecret.class).inNamespace(namespace).withName("good")
        .get().getStatus().getLastSyncTime());

    String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + env.operator().httpPort() + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString()).body();

    assertThat(metrics)
        .contains("# TYPE dbsecrets_resource_ready gauge")
        .contains("dbsecrets_resource_ready{name=\"good\",namespace=\"" + namespace + "\",reason=\"Synced\"} 1.0")
        .contains("dbsecrets_resource_ready{name=\"missing\",namespace=\"" + namespace + "\",reason=\"SecretNotFound\"} 0.0")
        .contains("# TYPE dbsecrets_resource_last_sync_timestamp_seconds gauge")
        .doesNotContain("dbsecrets_resource_last_sync_timestamp_seconds{name=\"missing\"")
        .contains("dbsecrets_resource_refresh_interval_seconds{name=\"good\",namespace=\"" + namespace + "\"} 900.0")
        .contains("dbsecrets_resource_refresh_interval_seconds{name=\"missing\",namespace=\"" + namespace
            + "\"} 3600.0");
    assertThat(value(metrics, "dbsecrets_resource_last_sync_timestamp_seconds{name=\"good\",namespace=\"" + namespace
        + "\"}")).isEqualTo(lastSync.toEpochMilli() / 1000.0);
  }

  private static double value(String exposition, String series) {
    return exposition.lines().filter(l -> l.startsWith(series + " ")).findFirst()
        .map(l -> Double.parseDouble(l.substring(series.length() + 1))).orElseThrow(() -> new AssertionError(series));
  }
}
