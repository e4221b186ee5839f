package io.dbsecrets.operator.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbsecrets.operator.api.RolloutState;
import io.dbsecrets.operator.rollout.ArgoRollout.Spec;
import io.dbsecrets.operator.rollout.ArgoRollout.Status;
import io.dbsecrets.operator.support.ArgoRolloutFixture;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How an Argo Rollout's own status reads as the progress of a restart (no Argo types, no server). */
class ArgoRolloutTest {
  private static final String RESTART_AT = "2026-11-29T10:00:00Z";
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  @Test
  void restartingUntilArgosControllerHasObservedTheRestart() {
    RolloutProgress progress = rollout(3L, RESTART_AT, new Status("Healthy", null, null, "2", 2, 2)).progress();
    assertThat(progress.state()).isEqualTo(RolloutState.Restarting);
    assertThat(progress.message()).contains("waiting for the Argo Rollouts controller");

    assertThat(rollout(3L, RESTART_AT, null).progress().state()).isEqualTo(RolloutState.Restarting);
  }

  @Test
  void restartingWhileArgoHasNotYetRestartedEveryPodOlderThanRestartAt() {
    RolloutProgress progress = rollout(3L, RESTART_AT,
        new Status("Healthy", null, "2026-11-29T09:00:00Z", "3", 3, 2)).progress();
    assertThat(progress.state()).isEqualTo(RolloutState.Restarting);
    assertThat(progress.message()).isEqualTo("Argo Rollouts is restarting the pods created before " + RESTART_AT
        + "; 2 of 3 pods available; phase Healthy");
  }

  @Test
  void completeOnceArgoReportsTheRestartDone() {
    RolloutProgress progress = rollout(3L, RESTART_AT, new Status("Healthy", null, RESTART_AT, "3", 3, 3))
        .progress();
    assertThat(progress).isEqualTo(new RolloutProgress(RolloutState.Complete, "pods restarted; 3 of 3 pods available"));
  }

  @Test
  void failedWithArgosOwnMessageWhenTheRolloutIsDegraded() {
    RolloutProgress progress = rollout(3L, RESTART_AT, new Status("Degraded",
        "ProgressDeadlineExceeded: ReplicaSet \"api-6b7\" has timed out progressing.", null, "3", 3, 1)).progress();
    assertThat(progress.state()).isEqualTo(RolloutState.Failed);
    assertThat(progress.message())
        .isEqualTo("Degraded: ProgressDeadlineExceeded: ReplicaSet \"api-6b7\" has timed out progressing.");
  }

  @Test
  void aPauseStepKeepsTheRestartRunningWithArgosMessage() {
    RolloutProgress progress = rollout(3L, RESTART_AT,
        new Status("Paused", "CanaryPauseStep", null, "3", 3, 3)).progress();
    assertThat(progress.state()).isEqualTo(RolloutState.Restarting);
    assertThat(progress.message()).endsWith("; phase Paused: CanaryPauseStep");
  }

  @Test
  void withoutRestartAtTheRolloutsPhaseSaysWhetherItIsDone() {
    assertThat(rollout(3L, null, new Status("Healthy", null, null, "3", 2, 2)).progress().state())
        .isEqualTo(RolloutState.Complete);
    assertThat(rollout(3L, null, new Status("Progressing", "more replicas need to be updated", null, "3", 2, 1))
        .progress()).isEqualTo(new RolloutProgress(RolloutState.Restarting,
            "phase Progressing: more replicas need to be updated"));
  }

  @Test
  void anObservedGenerationThatIsNotANumberDoesNotHoldTheRestartForever() {
    // Argo before 1.0 kept a hash in status.observedGeneration
    assertThat(rollout(3L, RESTART_AT, new Status("Healthy", null, RESTART_AT, "58c975674b", 2, 2)).progress()
        .state()).isEqualTo(RolloutState.Complete);
  }

  @Test
  void theDeadlineIsTheRolloutsProgressDeadlineWithTheControllersGrace() {
    assertThat(new ArgoRollout("apps", "api", 1L, Map.of(), new Spec(null, null, 120, null, null), null).deadline())
        .isEqualTo(Duration.ofSeconds(180));
    assertThat(rollout(1L, null, null).deadline()).isEqualTo(Duration.ofSeconds(660));
  }

  @Test
  void readsTheGenericObjectAsArgoWritesIt() {
    GenericKubernetesResource generic = ArgoRolloutFixture.readingSecret("api", "api-db");
    generic.getMetadata().setNamespace("apps");
    generic.getMetadata().setGeneration(4L);
    generic.getMetadata().setAnnotations(Map.of(RestartMarker.MARKER_ANNOTATION, "api-db:0123456789abcdef"));
    Map<String, Object> spec = new HashMap<>(ArgoRolloutFixture.spec(generic));
    spec.put("paused", true);
    spec.put("restartAt", RESTART_AT);
    spec.put("unknownToTheOperator", Map.of("kept", "ignored"));
    generic.getAdditionalProperties().put("spec", spec);
    // Argo writes observedGeneration as a string; replicas and more fields the operator does not read
    generic.getAdditionalProperties().put("status", Map.of("phase", "Healthy", "observedGeneration", "4",
        "restartedAt", RESTART_AT, "replicas", 2, "availableReplicas", 2, "currentPodHash", "6b7"));

    ArgoRollout rollout = ArgoRollout.of(generic, JSON);

    assertThat(rollout.paused()).isTrue();
    assertThat(rollout.annotations()).containsEntry(RestartMarker.MARKER_ANNOTATION, "api-db:0123456789abcdef");
    assertThat(SecretReferences.references(rollout.podSpec(), "api-db")).isTrue();
    assertThat(rollout.templateDeployment()).isEmpty();
    assertThat(rollout.progress().state()).isEqualTo(RolloutState.Complete);
  }

  @Test
  void aWorkloadRefNamesTheDeploymentWhoseTemplateTheRolloutRuns() {
    ArgoRollout rollout = ArgoRollout.of(ArgoRolloutFixture.referencing("api", "api-template"), JSON);
    assertThat(rollout.templateDeployment()).contains("api-template");
    assertThat(rollout.podSpec()).isNull();
  }

  private static ArgoRollout rollout(Long generation, String restartAt, Status status) {
    return new ArgoRollout("apps", "api", generation, Map.of(), new Spec(null, restartAt, null, null, null), status);
  }
}
