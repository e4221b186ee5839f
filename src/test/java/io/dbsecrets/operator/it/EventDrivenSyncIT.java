package io.dbsecrets.operator.it;

import static io.dbsecrets.operator.it.RealCluster.TIMEOUT;
import static io.dbsecrets.operator.it.RealCluster.decode;
import static io.dbsecrets.operator.support.OperatorHarness.readyReason;
import static io.dbsecrets.operator.support.OperatorHarness.secret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dbsecrets.operator.OperatorRuntime;
import io.dbsecrets.operator.api.ExternalDbSecret;
import io.dbsecrets.operator.api.RolloutTarget;
import io.dbsecrets.operator.api.WorkloadKind;
import io.dbsecrets.operator.support.AwsProxy;
import io.dbsecrets.operator.support.EventQueue;
import io.dbsecrets.operator.support.MotoServer;
import io.dbsecrets.operator.support.OperatorHarness;
import io.dbsecrets.operator.support.WorkloadWatch;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.Counter;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Event-driven sync on a real API server: a rotation in (moto's) Secrets Manager announced through (moto's)
 * EventBridge onto an SQS queue reaches the Secret within seconds, with a refresh interval of an hour so polling
 * cannot be what did it; and the faults a queue sees do not crash the operator nor write a wrong version.
 */
@ExtendWith(KubeControlPlaneExtension.class)
class EventDrivenSyncIT {
  /** Seconds, not the refresh interval: generous for a loaded machine, far below the 1 h interval. */
  private static final Duration EVENT_TIMEOUT = Duration.ofSeconds(15);
  private static final String FIRST = "{\"username\":\"app\",\"password\":\"first\"}";
  private static final String SECOND = "{\"username\":\"app\",\"password\":\"second\"}";

  private static MotoServer moto;
  private static AwsProxy proxy;
  private static EventQueue queue;
  private static OperatorRuntime operator;
  private static String namespace;

  @BeforeAll
  static void startOperator(KubernetesClient admin) {
    RealCluster.installCrd(admin);
    RealCluster.ensureNamespace(admin, RealCluster.OPERATOR_NAMESPACE);
    namespace = RealCluster.newNamespace(admin, "events-it");
    moto = MotoServer.start();
    proxy = AwsProxy.in(moto.endpoint());
    queue = new EventQueue(moto.endpoint());
    Map<String, String> env = new HashMap<>(OperatorHarness.config(moto, RealCluster.watching(namespace)));
    // Secrets Manager through the recording proxy (to count reads), SQS straight to moto
    env.put("DBSECRETS_AWS_ENDPOINT", proxy.endpoint().toString());
    env.put("AWS_ENDPOINT_URL_SQS", moto.endpoint().toString());
    env.put("DBSECRETS_EVENT_QUEUE_URL", queue.url());
    operator = OperatorHarness.start(admin, env);
  }

  @AfterAll
  static void stopOperator() {
    if (operator != null) {
      operator.close();
    }
    if (queue != null) {
      queue.close();
    }
    if (proxy != null) {
      proxy.close();
    }
    if (moto != null) {
      moto.close();
    }
  }

  @Test
  void aRotationReachesTheSecretWithinSecondsThroughAnEventAndRestartsTheWorkloadOnce(KubernetesClient admin) {
    String name = namespace + "/rotated";
    moto.createSecret(name, FIRST);
    admin.apps().deployments().inNamespace(namespace).resource(deploymentReading("rotated")).create();
    RealCluster.create(admin, namespace, "rotated", spec -> {
      spec.setSecretId(name);
      spec.setRefreshInterval("1h");
      spec.getRollout().setTargets(List.of(new RolloutTarget(WorkloadKind.Deployment, "api")));
    });
    await().atMost(TIMEOUT).until(() -> "True/Synced".equals(readyReason(admin, namespace, "rotated")));

    try (WorkloadWatch workloads = new WorkloadWatch(admin, namespace)) {
      String v2 = moto.putSecret(name, SECOND);
      queue.labelUpdated(arn(name), name, v2);

      await().atMost(EVENT_TIMEOUT).until(() -> "second".equals(decode(secret(admin, namespace, "rotated"),
          "password")));
      // the Secret is written before the status: wait for the status to say which version it holds
      await().atMost(TIMEOUT).until(() -> v2.equals(RealCluster.get(admin, namespace, "rotated").getStatus()
          .getSyncedVersionId()));
      ExternalDbSecret resource = RealCluster.get(admin, namespace, "rotated");
      assertThat(resource.getStatus().getLastSyncTrigger()).isEqualTo("event");
      await().atMost(EVENT_TIMEOUT).until(() -> queue.messages() == 0);
      assertThat(events("matched")).isGreaterThanOrEqualTo(1);
      await().atMost(TIMEOUT).until(() -> workloads.restarts("Deployment/api") == 1);

      // the same event again: the Secret holds v2 already, so no read, no write, no second restart
      double matched = events("matched");
      queue.labelUpdated(arn(name), name, v2);
      await().atMost(EVENT_TIMEOUT).until(() -> events("matched") == matched + 1 && queue.messages() == 0);
      assertThat(workloads.restarts("Deployment/api")).isEqualTo(1);
    }
  }

  private static Deployment deploymentReading(String secretName) {
    return new DeploymentBuilder()
        .withNewMetadata().withName("api").endMetadata()
        .withNewSpec()
        .withNewSelector().addToMatchLabels("app", "api").endSelector()
        .withNewTemplate()
        .withNewMetadata().addToLabels("app", "api").endMetadata()
        .withNewSpec().addNewContainer().withName("api").withImage("registry.invalid/api:1")
        .addNewEnvFrom().withNewSecretRef().withName(secretName).endSecretRef().endEnvFrom()
        .endContainer().endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  @Test
  void duplicateOutOfOrderUnknownAndMalformedEventsWriteNoWrongVersionAndAreDeleted(KubernetesClient admin) {
    String name = namespace + "/faults";
    String v1 = moto.createSecret(name, FIRST);
    syncedHourly(admin, "faults", name);
    String v2 = moto.putSecret(name, SECOND);
    queue.labelUpdated(arn(name), name, v2);
    await().atMost(EVENT_TIMEOUT).until(() -> v2.equals(RealCluster.get(admin, namespace, "faults").getStatus()
        .getSyncedVersionId()));
    await().atMost(EVENT_TIMEOUT).until(() -> queue.messages() == 0);
    String secretVersion = secret(admin, namespace, "faults").getMetadata().getResourceVersion();
    long readsBefore = reads(name);
    double malformed = events("malformed");
    double unmatched = events("unmatched");

    queue.labelUpdated(arn(name), name, v2);
    queue.labelUpdated(arn(name), name, v1);
    queue.labelUpdated("arn:aws:secretsmanager:us-east-1:123456789012:secret:nobody/reads-this-AbC123",
        "nobody/reads-this", "v9");
    queue.send("{not json");

    await().atMost(EVENT_TIMEOUT).until(() -> queue.messages() == 0 && events("malformed") == malformed + 1
        && events("unmatched") == unmatched + 1);
    ExternalDbSecret resource = RealCluster.get(admin, namespace, "faults");
    assertThat(resource.getStatus().getSyncedVersionId()).isEqualTo(v2);
    assertThat(decode(secret(admin, namespace, "faults"), "password")).isEqualTo("second");
    assertThat(secret(admin, namespace, "faults").getMetadata().getResourceVersion()).isEqualTo(secretVersion);
    // the duplicate reads nothing (the Secret holds v2); the out-of-order v1 reads AWSCURRENT once, writes nothing
    assertThat(reads(name) - readsBefore).isEqualTo(1);
    assertThat(readyReason(admin, namespace, "faults")).isEqualTo("True/Synced");
  }

  @Test
  void cloudTrailEventsForAValuePutADeletionAndARestoreReachTheResourceWithinSeconds(KubernetesClient admin) {
    String name = namespace + "/audited";
    moto.createSecret(name, FIRST);
    String arn = arn(name);
    syncedHourly(admin, "audited", name);

    String v2 = moto.putSecret(name, SECOND);
    queue.apiCall("PutSecretValue", name, arn, v2);
    await().atMost(EVENT_TIMEOUT).until(() -> v2.equals(RealCluster.get(admin, namespace, "audited").getStatus()
        .getSyncedVersionId()));
    assertThat(RealCluster.get(admin, namespace, "audited").getStatus().getLastSyncTrigger()).isEqualTo("event");
    assertThat(decode(secret(admin, namespace, "audited"), "password")).isEqualTo("second");

    // deleted with a recovery window: the resource says so at once, the Secret the pods read is kept
    moto.admin().deleteSecret(b -> b.secretId(name).recoveryWindowInDays(7L));
    queue.apiCall("DeleteSecret", name, arn, null);
    await().atMost(EVENT_TIMEOUT).until(() -> "False/SecretDeleted".equals(readyReason(admin, namespace,
        "audited")));
    assertThat(decode(secret(admin, namespace, "audited"), "password")).isEqualTo("second");

    moto.admin().restoreSecret(b -> b.secretId(name));
    queue.apiCall("RestoreSecret", name, arn, null);
    await().atMost(EVENT_TIMEOUT).until(() -> "True/Synced".equals(readyReason(admin, namespace, "audited")));
    assertThat(decode(secret(admin, namespace, "audited"), "password")).isEqualTo("second");
  }

  @Test
  void pollingStillSyncsWhenTheQueueIsUnreachable(KubernetesClient admin) {
    String elsewhere = RealCluster.newNamespace(admin, "events-down-it");
    Map<String, String> env = new HashMap<>(OperatorHarness.config(moto, RealCluster.watching(elsewhere)));
    // SQS is reached at its endpoint, not at the queue URL's host: nothing listens on port 9
    env.put("DBSECRETS_EVENT_QUEUE_URL", "https://sqs.us-east-1.amazonaws.com/123456789012/unreachable");
    env.put("AWS_ENDPOINT_URL_SQS", "http://127.0.0.1:9");
    try (OperatorRuntime cut = OperatorHarness.start(admin, env)) {
      String name = elsewhere + "/polled";
      moto.createSecret(name, FIRST);
      RealCluster.create(admin, elsewhere, "polled", spec -> {
        spec.setSecretId(name);
        spec.setRefreshInterval("3s");
      });
      await().atMost(TIMEOUT).until(() -> "True/Synced".equals(readyReason(admin, elsewhere, "polled")));

      String v2 = moto.putSecret(name, SECOND);

      await().atMost(TIMEOUT).until(() -> "second".equals(decode(secret(admin, elsewhere, "polled"), "password")));
      // the Secret is written before the status: wait for the status to say which version it holds
      await().atMost(TIMEOUT).until(() -> v2.equals(RealCluster.get(admin, elsewhere, "polled").getStatus()
          .getSyncedVersionId()));
      assertThat(RealCluster.get(admin, elsewhere, "polled").getStatus().getLastSyncTrigger()).isEqualTo("poll");
      await().atMost(TIMEOUT).until(() -> counter(cut, "dbsecrets_event_queue_receive_failures_total") >= 1);
    }
  }

  @Test
  void onlyTheLeaderTakesEventsOffTheQueue(KubernetesClient admin) {
    String replicated = RealCluster.newNamespace(admin, "events-leader-it");
    try (EventQueue own = new EventQueue(moto.endpoint())) {
      Map<String, String> env = new HashMap<>(OperatorHarness.config(moto, RealCluster.watching(replicated)));
      env.put("DBSECRETS_LEADER_ELECTION", "true");
      env.put("DBSECRETS_LEASE_NAME", replicated);
      env.put("DBSECRETS_EVENT_QUEUE_URL", own.url());
      try (OperatorRuntime leader = OperatorHarness.start(admin, env)) {
        await().atMost(TIMEOUT).until(() -> gauge(leader, "dbsecrets_leader") == 1);
        try (OperatorRuntime standby = OperatorHarness.start(admin, env)) {
          String name = replicated + "/led";
          moto.createSecret(name, FIRST);
          RealCluster.create(admin, replicated, "led", spec -> {
            spec.setSecretId(name);
            spec.setRefreshInterval("1h");
          });
          await().atMost(TIMEOUT).until(() -> "True/Synced".equals(readyReason(admin, replicated, "led")));

          String v2 = moto.putSecret(name, SECOND);
          own.labelUpdated(arn(name), name, v2);

          await().atMost(EVENT_TIMEOUT).until(() -> "second".equals(decode(secret(admin, replicated, "led"),
              "password")));
          // more messages: were the standby polling too, long polls on both would split them between the two
          for (int i = 0; i < 5; i++) {
            own.labelUpdated(arn(name), name, v2);
          }
          await().atMost(EVENT_TIMEOUT).until(() -> own.messages() == 0
              && counter(leader, "dbsecrets_events_received_total") == 6);
          assertThat(counter(standby, "dbsecrets_events_received_total")).isZero();
          assertThat(gauge(standby, "dbsecrets_leader")).isZero();
        }
      }
    }
  }

  private static double gauge(OperatorRuntime runtime, String name) {
    return runtime.metrics().registry().find(name).gauges().stream().mapToDouble(g -> g.value()).sum();
  }

  private static void syncedHourly(KubernetesClient admin, String resource, String secretId) {
    RealCluster.create(admin, namespace, resource, spec -> {
      spec.setSecretId(secretId);
      spec.setRefreshInterval("1h");
    });
    await().atMost(TIMEOUT).until(() -> "True/Synced".equals(readyReason(admin, namespace, resource)));
  }

  private static String arn(String name) {
    return moto.admin().describeSecret(b -> b.secretId(name)).arn();
  }

  private static long reads(String secretId) {
    return proxy.requests().stream().filter(r -> (r.api().equals("GetSecretValue")
        || r.api().equals("BatchGetSecretValue")) && r.body().contains("\"" + secretId + "\"")).count();
  }

  private static double events(String outcome) {
    return operator.metrics().registry().find("dbsecrets_events_total").tag("outcome", outcome).counters().stream()
        .mapToDouble(Counter::count).sum();
  }

  private static double counter(OperatorRuntime runtime, String name) {
    return runtime.metrics().registry().find(name).counters().stream().mapToDouble(Counter::count).sum();
  }
}
