package io.dbsecrets.operator.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbsecrets.operator.api.RolledOutWorkload;
import io.dbsecrets.operator.api.RolloutState;
import io.dbsecrets.operator.api.WorkloadKind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RolloutTrackingTest {
  private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");
  private static final WorkloadRef API = new WorkloadRef("ns", WorkloadKind.Deployment, "api");

  @Test
  void aRestartedWorkloadIsRestartingUntilItsControllerReportsTheRolloutComplete() {
    RolledOutWorkload restarted = RolloutTracking.restarted(API, T0);
    assertThat(restarted.getState()).isEqualTo(RolloutState.Restarting);

    RolledOutWorkload later = RolloutTracking.advance(restarted,
        Optional.of(workload(RolloutProgress.restarting("0 of 1 pods updated"))), T0.plusSeconds(5)).orElseThrow();
    assertThat(later.getState()).isEqualTo(RolloutState.Restarting);
    assertThat(later.getMessage()).isEqualTo("0 of 1 pods updated");

    RolledOutWorkload done = RolloutTracking.advance(later,
        Optional.of(workload(RolloutProgress.complete("1 of 1 pods updated and available"))), T0.plusSeconds(42))
        .orElseThrow();
    assertThat(done.getState()).isEqualTo(RolloutState.Complete);
    assertThat(RolloutTracking.finished(List.of(later), List.of(done), T0.plusSeconds(42)))
        .containsExactly(new RolloutTracking.Finished(WorkloadKind.Deployment, "Deployment/api",
            RolloutState.Complete, "1 of 1 pods updated and available", Duration.ofSeconds(42)));
  }

  @Test
  void aWorkloadStillRestartingAfterItsDeadlineHasFailed() {
    RolledOutWorkload restarted = RolloutTracking.restarted(API, T0);
    Workload slow = workload(RolloutProgress.restarting("0 of 1 pods updated"));
    assertThat(RolloutTracking.advance(restarted, Optional.of(slow), T0.plusSeconds(599)).orElseThrow().getState())
        .isEqualTo(RolloutState.Restarting);
    RolledOutWorkload failed = RolloutTracking.advance(restarted, Optional.of(slow), T0.plusSeconds(600))
        .orElseThrow();
    assertThat(failed.getState()).isEqualTo(RolloutState.Failed);
    assertThat(failed.getMessage()).isEqualTo("not complete 600s after the restart: 0 of 1 pods updated");
  }

  @Test
  void aFailedRolloutIsNotLookedAtAgain() {
    RolledOutWorkload failed = new RolledOutWorkload("Deployment/api", RolloutState.Failed, "timed out",
        T0.toString());
    assertThat(RolloutTracking.advance(failed, Optional.of(workload(RolloutProgress.complete("ok"))),
        T0.plusSeconds(60))).contains(failed);
    assertThat(RolloutTracking.anyRestarting(List.of(failed))).isFalse();
  }

  @Test
  void aDeletedWorkloadIsNoLongerFollowed() {
    assertThat(RolloutTracking.advance(RolloutTracking.restarted(API, T0), Optional.empty(), T0.plusSeconds(5)))
        .isEmpty();
  }

  @Test
  void aWorkloadFoundRestartedCountsFromTheRestartTimeOnItsTemplate() {
    Workload found = new Workload(API, false, Map.of(RestartMarker.RESTARTED_AT_ANNOTATION, T0.toString()), null,
        RolloutProgress.restarting("0 of 1 pods updated"), Duration.ofSeconds(60));
    assertThat(RolloutTracking.found(found, T0.plusSeconds(61)).getState()).isEqualTo(RolloutState.Failed);
    assertThat(RolloutTracking.found(found, T0.plusSeconds(30)).getRestartedAt()).isEqualTo(T0.toString());
  }

  @Test
  void theConditionSaysFailedBeforeRestartingAndRestartedOnlyWhenEveryRolloutIsComplete() {
    RolledOutWorkload restarting = new RolledOutWorkload("Deployment/api", RolloutState.Restarting, "0 of 1",
        T0.toString());
    RolledOutWorkload complete = new RolledOutWorkload("StatefulSet/db", RolloutState.Complete, "ok", T0.toString());
    RolledOutWorkload failed = new RolledOutWorkload("DaemonSet/agent", RolloutState.Failed, "timed out",
        T0.toString());

    RolloutSummary rolling = RolloutTracking.summarize(List.of(restarting, complete), "db", T0);
    assertThat(rolling.reason()).isEqualTo(RolloutTracking.RESTARTING);
    assertThat(rolling.conditionStatus()).isTrue();
    assertThat(rolling.retryAt()).contains(T0.plus(RolloutTracking.POLL));

    RolloutSummary failing = RolloutTracking.summarize(List.of(restarting, complete, failed), "db", T0);
    assertThat(failing.reason()).isEqualTo(RolloutTracking.ROLLOUT_FAILED);
    assertThat(failing.conditionStatus()).isFalse();
    assertThat(failing.message()).contains("DaemonSet/agent: timed out");

    RolloutSummary done = RolloutTracking.summarize(List.of(complete), "db", T0);
    assertThat(done.reason()).isEqualTo(RolloutSummary.RESTARTED);
    assertThat(done.retryAt()).isEmpty();
  }

  private static Workload workload(RolloutProgress progress) {
    return new Workload(API, false, Map.of(), null, progress, Duration.ofSeconds(600));
  }
}
