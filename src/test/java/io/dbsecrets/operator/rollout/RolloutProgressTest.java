package io.dbsecrets.operator.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbsecrets.operator.api.RolloutState;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RolloutProgressTest {
  @Test
  void deploymentIsRestartingUntilItsControllerObservedTheNewGeneration() {
    Deployment d = deployment(3, 2L, 1L, 3, 3, 3);
    assertThat(RolloutProgress.of(d).state()).isEqualTo(RolloutState.Restarting);
    assertThat(RolloutProgress.of(d).message()).contains("observe");
  }

  @Test
  void deploymentIsRestartingWhileNotEveryPodIsUpdatedAndAvailable() {
    assertThat(RolloutProgress.of(deployment(3, 2L, 2L, 1, 4, 3)))
        .isEqualTo(new RolloutProgress(RolloutState.Restarting, "1 of 3 pods updated"));
    assertThat(RolloutProgress.of(deployment(3, 2L, 2L, 3, 4, 3)))
        .isEqualTo(new RolloutProgress(RolloutState.Restarting, "1 old pods terminating"));
    assertThat(RolloutProgress.of(deployment(3, 2L, 2L, 3, 3, 2)))
        .isEqualTo(new RolloutProgress(RolloutState.Restarting, "2 of 3 updated pods available"));
  }

  @Test
  void deploymentIsCompleteWhenEveryPodIsUpdatedAndAvailable() {
    assertThat(RolloutProgress.of(deployment(3, 2L, 2L, 3, 3, 3)).state()).isEqualTo(RolloutState.Complete);
    assertThat(RolloutProgress.of(deployment(0, 2L, 2L, 0, 0, 0)).state()).isEqualTo(RolloutState.Complete);
  }

  @Test
  void deploymentFailsWithItsOwnMessageWhenTheProgressDeadlineIsExceeded() {
    Deployment d = deployment(1, 2L, 2L, 1, 2, 0);
    d.getStatus().setConditions(java.util.List.of(new DeploymentConditionBuilder().withType("Progressing")
        .withStatus("False").withReason("ProgressDeadlineExceeded")
        .withMessage("ReplicaSet \"api-7d\" has timed out progressing.").build()));
    assertThat(RolloutProgress.of(d))
        .isEqualTo(new RolloutProgress(RolloutState.Failed, "ReplicaSet \"api-7d\" has timed out progressing."));
  }

  @Test
  void anOldDeadlineConditionDoesNotFailARestartItsControllerHasNotSeenYet() {
    Deployment d = deployment(1, 3L, 2L, 1, 2, 0);
    d.getStatus().setConditions(java.util.List.of(new DeploymentConditionBuilder().withType("Progressing")
        .withStatus("False").withReason("ProgressDeadlineExceeded").withMessage("old").build()));
    assertThat(RolloutProgress.of(d).state()).isEqualTo(RolloutState.Restarting);
  }

  @Test
  void deploymentDeadlineIsItsProgressDeadlinePlusGraceForItsController() {
    Deployment d = deployment(1, 1L, 1L, 1, 1, 1);
    d.getSpec().setProgressDeadlineSeconds(30);
    assertThat(RolloutProgress.deadline(d)).isEqualTo(Duration.ofSeconds(90));
    assertThat(RolloutProgress.deadline(statefulSet(1, "r2", "r2", 1, 1))).isEqualTo(Duration.ofSeconds(600));
  }

  @Test
  void statefulSetIsRestartingUntilTheUpdateRevisionIsCurrentAndPodsAreReady() {
    assertThat(RolloutProgress.of(statefulSet(2, "r2", "r1", 1, 2)))
        .isEqualTo(new RolloutProgress(RolloutState.Restarting, "1 of 2 pods updated"));
    assertThat(RolloutProgress.of(statefulSet(2, "r2", "r1", 2, 2)).state()).isEqualTo(RolloutState.Restarting);
    assertThat(RolloutProgress.of(statefulSet(2, "r2", "r2", 2, 1)))
        .isEqualTo(new RolloutProgress(RolloutState.Restarting, "1 of 2 pods ready"));
    assertThat(RolloutProgress.of(statefulSet(2, "r2", "r2", 2, 2)).state()).isEqualTo(RolloutState.Complete);
  }

  @Test
  void statefulSetWithOnDeleteUpdatesIsCompleteAtOnce() {
    StatefulSet s = statefulSet(2, "r2", "r1", 0, 2);
    s.getSpec().setUpdateStrategy(new io.fabric8.kubernetes.api.model.apps.StatefulSetUpdateStrategyBuilder()
        .withType("OnDelete").build());
    assertThat(RolloutProgress.of(s).state()).isEqualTo(RolloutState.Complete);
  }

  @Test
  void daemonSetIsRestartingUntilEveryScheduledPodIsUpdatedAndAvailable() {
    assertThat(RolloutProgress.of(daemonSet(3, 1, 3)))
        .isEqualTo(new RolloutProgress(RolloutState.Restarting, "1 of 3 pods updated"));
    assertThat(RolloutProgress.of(daemonSet(3, 3, 2)))
        .isEqualTo(new RolloutProgress(RolloutState.Restarting, "2 of 3 updated pods available"));
    assertThat(RolloutProgress.of(daemonSet(3, 3, 3)).state()).isEqualTo(RolloutState.Complete);
  }

  static Deployment deployment(int desired, Long generation, Long observed, int updated, int replicas,
                               int available) {
    return new DeploymentBuilder().withNewMetadata().withName("api").withGeneration(generation).endMetadata()
        .withNewSpec().withReplicas(desired).endSpec()
        .withNewStatus().withObservedGeneration(observed).withUpdatedReplicas(updated).withReplicas(replicas)
        .withAvailableReplicas(available).endStatus().build();
  }

  static StatefulSet statefulSet(int desired, String updateRevision, String currentRevision, int updated,
                                 int ready) {
    return new StatefulSetBuilder().withNewMetadata().withName("db").withGeneration(2L).endMetadata()
        .withNewSpec().withReplicas(desired).endSpec()
        .withNewStatus().withObservedGeneration(2L).withUpdateRevision(updateRevision)
        .withCurrentRevision(currentRevision).withUpdatedReplicas(updated).withReadyReplicas(ready)
        .withReplicas(desired).endStatus().build();
  }

  static DaemonSet daemonSet(int desired, int updated, int available) {
    return new DaemonSetBuilder().withNewMetadata().withName("agent").withGeneration(2L).endMetadata()
        .withNewSpec().endSpec()
        .withNewStatus().withObservedGeneration(2L).withDesiredNumberScheduled(desired)
        .withUpdatedNumberScheduled(updated).withNumberAvailable(available).endStatus().build();
  }
}
