package io.dbsecrets.operator.rollout;

import static io.dbsecrets.operator.rollout.RolloutDecision.BASELINE;
import static io.dbsecrets.operator.rollout.RolloutDecision.DUE;
import static io.dbsecrets.operator.rollout.RolloutDecision.NOT_CONFIGURED;
import static io.dbsecrets.operator.rollout.RolloutDecision.UP_TO_DATE;
import static org.assertj.core.api.Assertions.assertThat;

import io.dbsecrets.operator.api.RolloutSpec;
import io.dbsecrets.operator.api.RolloutTarget;
import io.dbsecrets.operator.api.WorkloadKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class RolloutDecisionTest {
  static final RolloutSpec TARGETS = spec(false, new RolloutTarget(WorkloadKind.Deployment, "api"));
  static final RolloutSpec AUTO = spec(true);

  @Test
  void neverOnTheFirstSync() {
    assertThat(RolloutDecision.decide(TARGETS, null, "h1", null)).isEqualTo(BASELINE);
    assertThat(RolloutDecision.decide(AUTO, null, "h1", null)).isEqualTo(BASELINE);
  }

  @Test
  void dueWhenTheDataChanged() {
    assertThat(RolloutDecision.decide(TARGETS, "h1", "h2", "h1")).isEqualTo(DUE);
    assertThat(RolloutDecision.decide(AUTO, "h1", "h2", "h1")).isEqualTo(DUE);
  }

  @Test
  void refreshFindingTheSameDataRestartsNothing() {
    assertThat(RolloutDecision.decide(TARGETS, "h2", "h2", "h2")).isEqualTo(UP_TO_DATE);
  }

  @Test
  void dataAlreadyRolledOutIsNotRolledOutAgain() {
    // an operator restart or failover: the new instance sees the status the old one wrote
    assertThat(RolloutDecision.decide(TARGETS, "h2", "h2", "h2")).isEqualTo(UP_TO_DATE);
    assertThat(RolloutDecision.decide(TARGETS, "h1", "h2", "h2")).isEqualTo(UP_TO_DATE);
  }

  @Test
  void rolloutStillDueIsResumedEvenWhenTheDataDidNotChangeAgain() {
    // a paused Deployment, a restart window not yet closed, or an operator stopped before finishing
    assertThat(RolloutDecision.decide(TARGETS, "h2", "h2", "h1")).isEqualTo(DUE);
  }

  @Test
  void resourceSyncedBeforeRolloutsTakesItsCurrentDataAsBaseline() {
    assertThat(RolloutDecision.decide(TARGETS, "h1", "h1", null)).isEqualTo(BASELINE);
    assertThat(RolloutDecision.decide(TARGETS, "h1", "h2", null)).isEqualTo(DUE);
  }

  @Test
  void withoutTargetsOrAutoThereIsNothingToDecide() {
    assertThat(RolloutDecision.decide(spec(false), "h1", "h2", "h1")).isEqualTo(NOT_CONFIGURED);
    assertThat(RolloutDecision.decide(null, "h1", "h2", "h1")).isEqualTo(NOT_CONFIGURED);
  }

  static RolloutSpec spec(boolean auto, RolloutTarget... targets) {
    RolloutSpec spec = new RolloutSpec();
    spec.setAuto(auto);
    spec.setTargets(List.of(targets));
    return spec;
  }
}
