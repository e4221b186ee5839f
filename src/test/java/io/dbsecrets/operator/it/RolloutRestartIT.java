package io.dbsecrets.operator.it;

import static io.dbsecrets.operator.it.RealCluster.TIMEOUT;
import static io.dbsecrets.operator.support.OperatorHarness.readyReason;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dbsecrets.operator.api.RestartWindow;
import io.dbsecrets.operator.api.RolledOutWorkload;
import io.dbsecrets.operator.api.RolloutState;
import io.dbsecrets.operator.api.RolloutTarget;
import io.dbsecrets.operator.api.WorkloadKind;
import io.dbsecrets.operator.kube.Conditions;
import io.dbsecrets.operator.rollout.WorkloadRollouts;
import io.dbsecrets.operator.support.MotoServer;
import io.dbsecrets.operator.support.OperatorExtension;
import io.dbsecrets.operator.support.OffsetClock;
import io.dbsecrets.operator.support.OperatorHarness;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Rolling restarts on a real control plane: the operator patches the pod template, and the real Deployment
 * controller in kube-controller-manager turns that into a new ReplicaSet revision, once per change.
 */
@ExtendWith(KubeControlPlaneExtension.class)
class RolloutRestartIT {
  private static final String APP = "api";

  /** The operator's clock: real time, moved forward by the restart-window test to reach the window's opening. */
  private static final OffsetClock CLOCK = new OffsetClock();

  @RegisterExtension
  static final OperatorExtension env = RealCluster.operator("rollout-it").clock(CLOCK);
  private static MotoServer moto;
  private static String namespace;

  @BeforeAll
  static void names() {
    moto = env.moto();
    namespace = env.namespace();
  }

  @Test
  void rotationRestartsTheDeploymentOnceWithANewReplicaSetRevision(KubernetesClient admin) {
    moto.createSecret(namespace + "/api-db", "{\"username\":\"api\",\"password\":\"first\"}");
    admin.apps().deployments().inNamespace(namespace).resource(deploymentReading("api-db")).create();
    await().atMost(TIMEOUT).until(() -> replicaSets(admin) == 1 && "1".equals(revision(admin)));
    RealCluster.create(admin, namespace, "api-db", spec -> {
      spec.setSecretId(namespace + "/api-db");
      spec.setRefreshInterval("2s");
      spec.getRollout().setTargets(List.of(new RolloutTarget(WorkloadKind.Deployment, APP)));
    });
    await().atMost(TIMEOUT).until(() -> "True/Synced".equals(readyReason(admin, namespace, "api-db")));

    // the first sync is what the pods start with: refreshes come and go, the Deployment stays as it is
    awaitRefreshes(admin, 3);
    assertThat(operatorAnnotations(admin)).isEmpty();
    assertThat(replicaSets(admin)).isEqualTo(1);

    moto.putSecret(namespace + "/api-db", "{\"username\":\"api\",\"password\":\"second\"}");

    await().atMost(TIMEOUT).until(() -> !operatorAnnotations(admin).isEmpty());
    Map<String, String> restartedFor = operatorAnnotations(admin);
    await().atMost(TIMEOUT).until(() -> replicaSets(admin) == 2 && "2".equals(revision(admin)));
    long generation = deployment(admin).getMetadata().getGeneration();

    // later refreshes read the same data again: no second restart
    awaitRefreshes(admin, 3);
    assertThat(operatorAnnotations(admin)).isEqualTo(restartedFor);
    assertThat(deployment(admin).getMetadata().getGeneration()).isEqualTo(generation);
    assertThat(replicaSets(admin)).isEqualTo(2);
    assertThat(revision(admin)).isEqualTo("2");
  }

  @Test
  void restartOfADeploymentWithoutReplicasIsFollowedToComplete(KubernetesClient admin) {
    Deployment idle = deploymentReading("idle", "idle-db");
    idle.getSpec().setReplicas(0);
    rotateOnce(admin, idle);

    await().atMost(TIMEOUT).until(() -> state(admin, "idle-db") == RolloutState.Complete);
    assertThat(rolloutCondition(admin, "idle-db")).isEqualTo("True/Restarted");
    assertThat(OperatorHarness.events(admin, namespace, "idle-db"))
        .anySatisfy(e -> assertThat(e.getReason()).isEqualTo(WorkloadRollouts.ROLLOUT_COMPLETE_EVENT));
    assertThat(replicaSets(admin, "idle")).isEqualTo(2);
  }

  @Test
  void restartWhosePodsNeverBecomeReadyFailsWithTheDeploymentsOwnMessageAndIsNotRetried(KubernetesClient admin) {
    Deployment stuck = deploymentReading("stuck", "stuck-db");
    stuck.getSpec().setProgressDeadlineSeconds(5);
    rotateOnce(admin, stuck);

    await().atMost(TIMEOUT).until(() -> state(admin, "stuck-db") == RolloutState.Failed);
    RolledOutWorkload failed = RealCluster.get(admin, namespace, "stuck-db").getStatus().getRolledOut().get(0);
    assertThat(failed.getWorkload()).isEqualTo("Deployment/stuck");
    assertThat(failed.getMessage()).contains("has timed out progressing");
    assertThat(rolloutCondition(admin, "stuck-db")).isEqualTo("False/RolloutFailed");
    assertThat(OperatorHarness.events(admin, namespace, "stuck-db"))
        .anySatisfy(e -> assertThat(e.getReason()).isEqualTo(WorkloadRollouts.ROLLOUT_FAILED_EVENT));

    // the same data again: the failed rollout is reported, not restarted in a loop
    long generation = admin.apps().deployments().inNamespace(namespace).withName("stuck").get().getMetadata()
        .getGeneration();
    awaitRefreshes(admin, "stuck-db", 3);
    assertThat(admin.apps().deployments().inNamespace(namespace).withName("stuck").get().getMetadata()
        .getGeneration()).isEqualTo(generation);
    assertThat(replicaSets(admin, "stuck")).isEqualTo(2);
    assertThat(state(admin, "stuck-db")).isEqualTo(RolloutState.Failed);
  }

  @Test
  void anOperatorRestartedMidRolloutKeepsFollowingItWithoutRestartingAgain(KubernetesClient admin) {
    Deployment slow = deploymentReading("slow", "slow-db");
    slow.getSpec().setProgressDeadlineSeconds(30);
    rotateOnce(admin, slow);
    await().atMost(TIMEOUT).until(() -> state(admin, "slow-db") == RolloutState.Restarting);
    long generation = admin.apps().deployments().inNamespace(namespace).withName("slow").get().getMetadata()
        .getGeneration();

    env.restartOperator();

    await().atMost(TIMEOUT).until(() -> state(admin, "slow-db") == RolloutState.Failed);
    assertThat(admin.apps().deployments().inNamespace(namespace).withName("slow").get().getMetadata()
        .getGeneration()).isEqualTo(generation);
    assertThat(replicaSets(admin, "slow")).isEqualTo(2);
  }

  @Test
  void aSecondRotationWithinTheMinimumIntervalWaitsThenRestartsOnce(KubernetesClient admin) {
    Deployment limited = deploymentReading("limited", "limited-db");
    limited.getSpec().setReplicas(0);
    rotateOnce(admin, limited, "20s");
    String firstRestart = restartedAt(admin, "limited");

    moto.putSecret(namespace + "/limited-db", "{\"password\":\"third\"}");
    await().atMost(TIMEOUT).until(() -> rolloutCondition(admin, "limited-db").equals("False/RateLimited"));
    assertThat(replicaSets(admin, "limited")).isEqualTo(2);
    assertThat(restartedAt(admin, "limited")).isEqualTo(firstRestart);

    await().atMost(TIMEOUT).until(() -> replicaSets(admin, "limited") == 3);
    assertThat(Instant.parse(restartedAt(admin, "limited")))
        .isAfterOrEqualTo(Instant.parse(firstRestart).plusSeconds(20));
    await().atMost(TIMEOUT).until(() -> rolloutCondition(admin, "limited-db").equals("True/Restarted"));
    awaitRefreshes(admin, "limited-db", 3);
    assertThat(replicaSets(admin, "limited")).isEqualTo(3);
  }

  @Test
  void aRestartOutsideItsWindowIsHeldAcrossRefreshesThenHappensOnceWhenTheWindowOpens(KubernetesClient admin) {
    String secretId = namespace + "/held-db";
    moto.createSecret(secretId, "{\"password\":\"first\"}");
    Deployment held = deploymentReading("held", "held-db");
    held.getSpec().setReplicas(0);
    admin.apps().deployments().inNamespace(namespace).resource(held).create();
    await().atMost(TIMEOUT).until(() -> replicaSets(admin, "held") == 1);
    // a ten-minute window that opens two to three minutes from now on the operator's clock, every day, in UTC
    Instant opens = CLOCK.instant().truncatedTo(ChronoUnit.MINUTES).plus(3, ChronoUnit.MINUTES);
    DateTimeFormatter hhmm = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);
    RealCluster.create(admin, namespace, "held-db", spec -> {
      spec.setSecretId(secretId);
      spec.setRefreshInterval("2s");
      spec.getRollout().setTargets(List.of(new RolloutTarget(WorkloadKind.Deployment, "held")));
      RestartWindow window = new RestartWindow();
      window.setStart(hhmm.format(opens));
      window.setEnd(hhmm.format(opens.plus(10, ChronoUnit.MINUTES)));
      window.setTimeZone("UTC");
      spec.getRollout().setRestartWindow(window);
    });
    await().atMost(TIMEOUT).until(() -> "True/Synced".equals(readyReason(admin, namespace, "held-db")));

    moto.putSecret(secretId, "{\"password\":\"second\"}");

    await().atMost(TIMEOUT).until(() -> rolloutCondition(admin, "held-db").equals("False/OutsideRestartWindow"));
    assertThat(OperatorHarness.events(admin, namespace, "held-db"))
        .anySatisfy(e -> assertThat(e.getReason()).isEqualTo(WorkloadRollouts.OUTSIDE_WINDOW_EVENT));
    // the new data is in the Secret at once; only the restart waits, across refreshes
    awaitRefreshes(admin, "held-db", 2);
    assertThat(replicaSets(admin, "held")).isEqualTo(1);
    assertThat(rolloutCondition(admin, "held-db")).isEqualTo("False/OutsideRestartWindow");

    CLOCK.skip(Duration.between(CLOCK.instant(), opens));

    await().atMost(TIMEOUT).until(() -> replicaSets(admin, "held") == 2);
    assertThat(Instant.parse(restartedAt(admin, "held"))).isAfterOrEqualTo(opens);
    await().atMost(TIMEOUT).until(() -> rolloutCondition(admin, "held-db").equals("True/Restarted"));
    awaitRefreshes(admin, "held-db", 2);
    assertThat(replicaSets(admin, "held")).isEqualTo(2);
  }

  private static String restartedAt(KubernetesClient admin, String app) {
    return admin.apps().deployments().inNamespace(namespace).withName(app).get().getSpec().getTemplate()
        .getMetadata().getAnnotations().get("dbsecrets.io/restartedAt");
  }

  private static void rotateOnce(KubernetesClient admin, Deployment deployment) {
    rotateOnce(admin, deployment, null);
  }

  /** Creates the Deployment and a resource restarting it, then rotates the secret once and waits for the restart. */
  private static void rotateOnce(KubernetesClient admin, Deployment deployment, String minInterval) {
    String app = deployment.getMetadata().getName();
    String resource = app + "-db";
    moto.createSecret(namespace + "/" + resource, "{\"password\":\"first\"}");
    admin.apps().deployments().inNamespace(namespace).resource(deployment).create();
    await().atMost(TIMEOUT).until(() -> replicaSets(admin, app) == 1);
    RealCluster.create(admin, namespace, resource, spec -> {
      spec.setSecretId(namespace + "/" + resource);
      spec.setRefreshInterval("2s");
      spec.getRollout().setTargets(List.of(new RolloutTarget(WorkloadKind.Deployment, app)));
      spec.getRollout().setMinInterval(minInterval);
    });
    await().atMost(TIMEOUT).until(() -> "True/Synced".equals(readyReason(admin, namespace, resource)));
    moto.putSecret(namespace + "/" + resource, "{\"password\":\"second\"}");
    await().atMost(TIMEOUT).until(() -> replicaSets(admin, app) == 2);
  }

  private static RolloutState state(KubernetesClient admin, String resource) {
    List<RolledOutWorkload> rolledOut = RealCluster.get(admin, namespace, resource).getStatus().getRolledOut();
    return rolledOut == null || rolledOut.isEmpty() ? null : rolledOut.get(0).getState();
  }

  private static String rolloutCondition(KubernetesClient admin, String resource) {
    return Conditions.find(RealCluster.get(admin, namespace, resource).getStatus().getConditions(),
        Conditions.ROLLOUT_RESTART).map(c -> c.getStatus() + "/" + c.getReason()).orElse("none");
  }

  /** Waits until the operator has read AWS this many more times (each refresh sets lastSyncTime). */
  private static void awaitRefreshes(KubernetesClient admin, int refreshes) {
    awaitRefreshes(admin, "api-db", refreshes);
  }

  private static void awaitRefreshes(KubernetesClient admin, String resource, int refreshes) {
    for (int i = 0; i < refreshes; i++) {
      String before = RealCluster.get(admin, namespace, resource).getStatus().getLastSyncTime();
      await().atMost(TIMEOUT).until(() -> !before.equals(
          RealCluster.get(admin, namespace, resource).getStatus().getLastSyncTime()));
    }
  }

  private static Deployment deploymentReading(String secretName) {
    return deploymentReading(APP, secretName);
  }

  private static Deployment deploymentReading(String app, String secretName) {
    return new DeploymentBuilder()
        .withNewMetadata().withName(app).endMetadata()
        .withNewSpec()
        .withNewSelector().addToMatchLabels("app", app).endSelector()
        .withNewTemplate()
        .withNewMetadata().addToLabels("app", app).endMetadata()
        .withNewSpec().addNewContainer().withName(app).withImage("registry.invalid/api:1")
        .addNewEnvFrom().withNewSecretRef().withName(secretName).endSecretRef().endEnvFrom()
        .endContainer().endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  private static Deployment deployment(KubernetesClient admin) {
    return admin.apps().deployments().inNamespace(namespace).withName(APP).get();
  }

  /** The pod template annotations the operator owns ({@code dbsecrets.io/...}). */
  private static Map<String, String> operatorAnnotations(KubernetesClient admin) {
    Map<String, String> annotations = deployment(admin).getSpec().getTemplate().getMetadata().getAnnotations();
    Map<String, String> ours = new TreeMap<>();
    if (annotations != null) {
      annotations.forEach((key, value) -> {
        if (key.startsWith("dbsecrets.io/")) {
          ours.put(key, value);
        }
      });
    }
    return ours;
  }

  private static int replicaSets(KubernetesClient admin) {
    return replicaSets(admin, APP);
  }

  private static int replicaSets(KubernetesClient admin, String app) {
    return admin.apps().replicaSets().inNamespace(namespace).withLabel("app", app).list().getItems().size();
  }

  private static String revision(KubernetesClient admin) {
    Map<String, String> annotations = deployment(admin).getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get("deployment.kubernetes.io/revision");
  }
}
