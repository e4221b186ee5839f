package io.dbsecrets.operator.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbsecrets.operator.api.WorkloadKind;
import io.dbsecrets.operator.rollout.WorkloadResult.Outcome;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RolloutSummaryTest {
  static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  static final WorkloadRef API = new WorkloadRef("ns", WorkloadKind.Deployment, "api");
  static final WorkloadRef DB = new WorkloadRef("ns", WorkloadKind.StatefulSet, "db");

  @Test
  void restartedWorkloadsCompleteTheRollout() {
    RolloutSummary summary = RolloutSummary.of(List.of(WorkloadResult.of(DB, Outcome.RESTARTED),
        WorkloadResult.of(API, Outcome.ALREADY_RESTARTED)), "creds", NOW);
    assertThat(summary.complete()).isTrue();
    assertThat(summary.conditionStatus()).isTrue();
    assertThat(summary.reason()).isEqualTo("Restarted");
    assertThat(summary.rolledOut()).containsExactly("Deployment/api", "StatefulSet/db");
    assertThat(summary.retryAt()).isEmpty();
  }

  @Test
  void pausedDeploymentKeepsTheRolloutDueAndIsRetried() {
    RolloutSummary summary = RolloutSummary.of(List.of(WorkloadResult.of(API, Outcome.PAUSED),
        WorkloadResult.of(DB, Outcome.RESTARTED)), "creds", NOW);
    assertThat(summary.complete()).isFalse();
    assertThat(summary.conditionStatus()).isFalse();
    assertThat(summary.reason()).isEqualTo("Paused");
    assertThat(summary.message()).contains("Deployment/api");
    assertThat(summary.rolledOut()).containsExactly("StatefulSet/db");
    assertThat(summary.retryAt()).contains(NOW.plus(RolloutSummary.RETRY));
  }

  @Test
  void missingTargetCompletesTheRolloutWithACondition() {
    RolloutSummary summary = RolloutSummary.of(List.of(WorkloadResult.of(API, Outcome.NOT_FOUND)), "creds", NOW);
    assertThat(summary.complete()).isTrue();
    assertThat(summary.conditionStatus()).isFalse();
    assertThat(summary.reason()).isEqualTo("TargetNotFound");
    assertThat(summary.message()).contains("Deployment/api");
  }

  @Test
  void waitingForTheWindowComesBackWhenItCloses() {
    RolloutSummary summary = RolloutSummary.of(List.of(WorkloadResult.waiting(API, NOW.plusSeconds(5)),
        WorkloadResult.of(DB, Outcome.PAUSED)), "creds", NOW);
    assertThat(summary.complete()).isFalse();
    assertThat(summary.retryAt()).contains(NOW.plusSeconds(5));
  }

  @Test
  void failureIsReportedFirstAndRetried() {
    RolloutSummary summary = RolloutSummary.of(List.of(WorkloadResult.failed(API, "403 Forbidden"),
        WorkloadResult.of(DB, Outcome.NOT_FOUND)), "creds", NOW);
    assertThat(summary.reason()).isEqualTo("RestartFailed");
    assertThat(summary.message()).contains("Deployment/api (403 Forbidden)");
    assertThat(summary.complete()).isFalse();
  }

  @Test
  void noWorkloadAtAllIsNotAnError() {
    RolloutSummary summary = RolloutSummary.of(List.of(), "creds", NOW);
    assertThat(summary.complete()).isTrue();
    assertThat(summary.conditionStatus()).isTrue();
    assertThat(summary.reason()).isEqualTo("NothingToRestart");
  }
}
