package io.dbsecrets.operator.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dbsecrets.operator.OperatorRuntime;
import io.dbsecrets.operator.api.ExternalDbSecret;
import io.dbsecrets.operator.api.ExternalDbSecretSpec;
import io.dbsecrets.operator.support.MotoServer;
import io.dbsecrets.operator.support.OperatorExtension;
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
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What Prometheus and the kubelet see on the operator's HTTP port. */
@Tag("slow")
@EnableKubernetesMockClient(crud = true)
class OperatorEndpointsTest {
  static KubernetesClient client;
  @RegisterExtension
  static final OperatorExtension env = OperatorExtension.on(() -> client, "metrics");
  static final HttpClient http = HttpClient.newHttpClient();

  @Test
  void healthAndReadinessAreUpOnceTheInformersRun() throws Exception {
    await().atMost(Duration.ofSeconds(20)).until(() -> get("/readyz").statusCode() == 200);
    assertThat(get("/healthz").statusCode()).isEqualTo(200);
    assertThat(get("/readyz").body()).contains("informersHealthy=true");
    assertThat(get("/healthz").body()).contains("overdueReconciles=0");
  }

  @Test
  void metricsShowSyncsAwsCallsAndReconcilesAfterASync() throws Exception {
    String namespace = env.namespace();
    env.moto().createSecret(namespace + "/db", "{\"password\":\"hunter2-secret\"}");
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

  @Test
  void everyCounterIsExportedAtZeroForEachKnownLabelValue() throws Exception {
    String metrics = get("/metrics").body();

    assertThat(metrics)
        .contains("# TYPE dbsecrets_sync_failures_total counter")
        .contains("dbsecrets_sync_failures_total{reason=\"Throttled\"} 0.0")
        .contains("dbsecrets_sync_failures_total{reason=\"TemplateError\"} 0.0")
        .contains("dbsecrets_sync_failures_total{reason=\"PolicyDenied\"} 0.0")
        .contains("# TYPE dbsecrets_reconciles_total counter")
        .contains("dbsecrets_reconciles_total{trigger=\"FORCED\"} 0.0")
        .contains("# TYPE dbsecrets_syncs_total counter")
        .contains("dbsecrets_syncs_total{secret_written=\"false\",trigger=\"RETRY\"} 0.0")
        .contains("# TYPE dbsecrets_rollouts_total counter")
        .contains("dbsecrets_rollouts_total{kind=\"StatefulSet\",outcome=\"failed\"} 0.0")
        .contains("dbsecrets_rollouts_total{kind=\"DaemonSet\",outcome=\"restarted\"} 0.0")
        .contains("# TYPE dbsecrets_batch_fallbacks_total counter")
        .contains("dbsecrets_batch_fallbacks_total{reason=\"AccessDenied\"} 0.0")
        .contains("# TYPE dbsecrets_sync_duration_seconds histogram")
        .contains("dbsecrets_sync_duration_seconds_count{result=\"failure\"}")
        .as("the only replica, without leader election, leads").contains("dbsecrets_leader 1.0");
  }

  @Test
  void jvmAndProcessSeriesAreExported() throws Exception {
    // Micrometer registers the GC pause timer at the first collection after it was bound, and the full build's
    // JVM may not have collected since: make one, rather than depend on what ran before
    System.gc();
    await().atMost(Duration.ofSeconds(10)).until(() -> get("/metrics").body().contains("# TYPE jvm_gc_pause_seconds"));
    assertThat(get("/metrics").body())
        .contains("# TYPE jvm_memory_used_bytes gauge")
        .containsPattern("jvm_memory_used_bytes\\{area=\"heap\",id=\"[^\"]+\"} [0-9]")
        .contains("# TYPE jvm_gc_overhead gauge")
        .contains("# TYPE jvm_threads_live_threads gauge")
        .contains("# TYPE jvm_classes_loaded_classes gauge")
        .contains("# TYPE jvm_info gauge")
        .contains("# TYPE process_cpu_usage gauge")
        .contains("# TYPE process_uptime_seconds gauge")
        .contains("# TYPE process_start_time_seconds gauge")
        .contains("# TYPE process_files_open_files gauge")
        .contains("# TYPE system_cpu_count gauge");
  }

  @Test
  void resourcesAreCountedByNamespaceAndReadyReasonAtScrapeTime() throws Exception {
    String namespace = env.namespace();
    env.moto().createSecret(namespace + "/good", "{\"password\":\"pw\"}");
    client.resource(resource(namespace, "good", namespace + "/good")).create();
    client.resource(resource(namespace, "missing", namespace + "/missing")).create();
    client.resource(resource(namespace, "also-missing", namespace + "/also-missing")).create();
    await().atMost(Duration.ofSeconds(20)).until(() -> OperatorHarness.readyReason(client, namespace, "good")
        .equals("True/Synced") && OperatorHarness.readyReason(client, namespace, "missing").equals("False/SecretNotFound")
        && OperatorHarness.readyReason(client, namespace, "also-missing").equals("False/SecretNotFound"));

    // the gauges count the operator's cache, one watch event behind the API server's answer above
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(get("/metrics").body())
        .contains("# TYPE dbsecrets_resources gauge")
        .contains("dbsecrets_resources{namespace=\"" + namespace + "\",ready=\"True\",reason=\"Synced\"} 1.0")
        .contains("dbsecrets_resources{namespace=\"" + namespace + "\",ready=\"False\",reason=\"SecretNotFound\"} 2.0")
        .contains("# TYPE dbsecrets_stale_resources gauge")
        .contains("dbsecrets_stale_resources{namespace=\"" + namespace + "\"} 0.0")
        .as("per-resource series are off by default").doesNotContain("dbsecrets_resource_"));

    client.resources(ExternalDbSecret.class).inNamespace(namespace).withName("missing").delete();
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(get("/metrics").body()).contains(
        "dbsecrets_resources{namespace=\"" + namespace + "\",ready=\"False\",reason=\"SecretNotFound\"} 1.0"));
  }

  @Test
  void everyOperatorSeriesIsInTheMetricsTable() throws Exception {
    String table = java.nio.file.Files.readString(java.nio.file.Path.of("docs", "metrics.md"));
    java.util.regex.Matcher type = java.util.regex.Pattern.compile("(?m)^# TYPE (dbsecrets_[a-z_]+) (\\w+)$")
        .matcher(get("/metrics").body());
    int found = 0;
    while (type.find()) {
      found++;
      assertThat(table).as(type.group(1)).containsPattern("\\| `" + type.group(1) + "` \\| " + type.group(2) + " \\|");
    }
    assertThat(found).isGreaterThanOrEqualTo(9);
  }

  static ExternalDbSecret resource(String namespace, String name, String secretId) {
    ExternalDbSecret resource = new ExternalDbSecret();
    resource.getMetadata().setName(name);
    resource.getMetadata().setNamespace(namespace);
    resource.setSpec(new ExternalDbSecretSpec());
    resource.getSpec().setSecretId(secretId);
    return resource;
  }

  private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + env.operator().httpPort() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
