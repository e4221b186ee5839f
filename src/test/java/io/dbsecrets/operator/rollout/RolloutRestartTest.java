package io.dbsecrets.operator.rollout;

import static io.dbsecrets.operator.support.OperatorHarness.events;
import static io.dbsecrets.operator.support.OperatorHarness.readyReason;
import static io.dbsecrets.operator.support.OperatorHarness.secret;
import static io.dbsecrets.operator.support.WorkloadFixtures.envFrom;
import static io.dbsecrets.operator.support.WorkloadFixtures.envKey;
import static io.dbsecrets.operator.support.WorkloadFixtures.secretVolume;
import static io.dbsecrets.operator.support.WorkloadFixtures.templateOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dbsecrets.operator.api.ExternalDbSecret;
import io.dbsecrets.operator.api.ExternalDbSecretSpec;
import io.dbsecrets.operator.api.ExternalDbSecretStatus;
import io.dbsecrets.operator.api.RolledOutWorkload;
import io.dbsecrets.operator.api.RolloutTarget;
import io.dbsecrets.operator.api.WorkloadKind;
import io.dbsecrets.operator.kube.Conditions;
import io.dbsecrets.operator.support.Edbs;
import io.dbsecrets.operator.support.MotoServer;
import io.dbsecrets.operator.support.OperatorExtension;
import io.dbsecrets.operator.support.WorkloadFixtures;
import io.dbsecrets.operator.support.WorkloadWatch;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Rolling restarts by the operator as deployed, against the fabric8 mock API server (CRUD mode) and moto. The mock
 * server runs no controllers: a restart shows as a new value of the pod template's restartedAt annotation. What waits
 * on the rollout's clock (the merge window of resources changing together, a paused workload's retries, another
 * operator instance, auto discovery after a change) is tested on the reconciler's sync with a settable clock, in
 * reconcile.RolloutSyncTest; here the operator restarts every workload kind once through its real schedules.
 */
@Tag("slow")
@EnableKubernetesMockClient(crud = true)
class RolloutRestartTest {
  static final Duration WAIT = Duration.ofSeconds(30);

  static KubernetesMockServer server;
  static KubernetesClient client;
  @RegisterExtension
  static final OperatorExtension env = OperatorExtension.on(() -> client, "rollout")
      // The window's length is RolloutSyncTest's subject; here it only delays the restart being checked.
      .settings(Map.of("DBSECRETS_ROLLOUT_WINDOW", "1s"));
  MotoServer moto;
  String namespace;
  WorkloadWatch restarts;

  @BeforeEach
  void freshNamespace() {
    moto = env.moto();
    namespace = env.namespace();
    restarts = new WorkloadWatch(client, namespace);
  }

  @AfterEach
  void stopWatching() {
    restarts.close();
  }

  @Test
  void restartsDeploymentStatefulSetAndDaemonSetOnceWhenTheVersionChanges() {
    moto.createSecret(namespace + "/app", "{\"password\":\"one\"}");
    workloads().deployment("api", envFrom("app-db"));
    workloads().statefulSet("db-client", secretVolume("app-db"));
    workloads().daemonSet("agent", envKey("app-db"));
    create("app-db", spec -> {
      spec.setSecretId(namespace + "/app");
      spec.setRefreshInterval("1s");
      spec.getRollout().setTargets(List.of(new RolloutTarget(WorkloadKind.Deployment, "api"),
          new RolloutTarget(WorkloadKind.StatefulSet, "db-client"), new RolloutTarget(WorkloadKind.DaemonSet, "agent")));
    });
    awaitSecret("app-db");
    awaitRefreshes("app-db", 2);
    assertThat(List.of("Deployment/api", "StatefulSet/db-client", "DaemonSet/agent"))
        .allSatisfy(w -> assertThat(restarts.restarts(w)).as("restarts of %s on creation", w).isZero());

    String rotated = moto.putSecret(namespace + "/app", "{\"password\":\"two\"}");

    await().atMost(WAIT).until(() -> rotated.equals(get("app-db").getStatus().getSyncedVersionId())
        && get("app-db").getStatus().getDataHash().equals(get("app-db").getStatus().getRolloutDataHash()));
    String marker = "app-db:" + RestartMarker.shortHash(get("app-db").getStatus().getDataHash());
    assertThat(List.<HasMetadata>of(get(Deployment.class, "api"), get(StatefulSet.class, "db-client"),
        get(DaemonSet.class, "agent")))
        .allSatisfy(w -> assertThat(templateOf(w).getMetadata().getAnnotations())
            .containsEntry(RestartMarker.MARKER_ANNOTATION, marker)
            .containsKey(RestartMarker.RESTARTED_AT_ANNOTATION));
    ExternalDbSecretStatus status = get("app-db").getStatus();
    assertThat(rollout(status)).isEqualTo("True/Restarting");
    assertThat(status.getRolledOut()).extracting(RolledOutWorkload::getWorkload).containsExactly("DaemonSet/agent", "Deployment/api", "StatefulSet/db-client");
    assertThat(status.getLastRolloutTime()).isNotNull();
    assertThat(events(client, namespace, "app-db"))
        .anySatisfy(e -> assertThat(e.getReason()).isEqualTo(WorkloadRollouts.RESTARTED_EVENT));

    awaitRefreshes("app-db", 3);
    assertThat(List.of("Deployment/api", "StatefulSet/db-client", "DaemonSet/agent"))
        .allSatisfy(w -> assertThat(restarts.restarts(w)).as("restarts of %s", w).isEqualTo(1));
  }

  @Test
  void missingTargetIsReportedWhileReadyStaysTrue() {
    moto.createSecret(namespace + "/ghost", "{\"password\":\"one\"}");
    create("ghost", spec -> {
      spec.setSecretId(namespace + "/ghost");
      spec.getRollout().setTargets(List.of(new RolloutTarget(WorkloadKind.Deployment, "not-there")));
    });
    awaitSecret("ghost");
    moto.putSecret(namespace + "/ghost", "{\"password\":\"two\"}");
    forceSync("ghost", "1");

    await().atMost(WAIT).until(() -> "False/TargetNotFound".equals(rollout(get("ghost").getStatus())));
    assertThat(readyReason(client, namespace, "ghost")).isEqualTo("True/Synced");
    assertThat(get("ghost").getStatus().getRolloutDataHash()).isEqualTo(get("ghost").getStatus().getDataHash());
    assertThat(events(client, namespace, "ghost")).anySatisfy(e -> {
      assertThat(e.getReason()).isEqualTo(WorkloadRollouts.FAILED_EVENT);
      assertThat(e.getMessage()).contains("Deployment/not-there");
    });
  }

  private static String rollout(ExternalDbSecretStatus status) {
    return status == null ? "none" : Conditions.find(status.getConditions(), Conditions.ROLLOUT_RESTART)
        .map(c -> c.getStatus() + "/" + c.getReason()).orElse("none");
  }

  private void awaitRefreshes(String name, int count) {
    for (int i = 0; i < count; i++) {
      String last = get(name).getStatus().getLastSyncTime();
      await().atMost(WAIT).until(() -> !last.equals(get(name).getStatus().getLastSyncTime()));
    }
  }

  private void forceSync(String name, String value) {
    new Edbs(client, namespace).forceSync(name, value);
  }

  private void create(String name, Consumer<ExternalDbSecretSpec> spec) {
    new Edbs(client, namespace).create(name, spec);
  }

  private ExternalDbSecret get(String name) {
    return new Edbs(client, namespace).get(name);
  }

  private <T extends HasMetadata> T get(Class<T> type, String name) {
    return client.resources(type).inNamespace(namespace).withName(name).get();
  }

  private void awaitSecret(String name) {
    await().atMost(WAIT).until(() -> secret(client, namespace, name) != null
        && get(name).getStatus() != null && get(name).getStatus().getLastSyncTime() != null);
  }

  private WorkloadFixtures workloads() {
    return new WorkloadFixtures(client, namespace);
  }
}
