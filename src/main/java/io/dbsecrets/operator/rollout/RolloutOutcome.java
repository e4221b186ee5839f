package io.dbsecrets.operator.rollout;

import io.dbsecrets.operator.api.RolledOutWorkload;
import io.dbsecrets.operator.rollout.RolloutTracking.Finished;
import io.dbsecrets.operator.rollout.WorkloadResult.Outcome;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What a rollout decided and, when it was due, what it did to each workload; and where the restarted workloads'
 * rollouts stand. The reconciler turns it into the RolloutRestart condition and the rollout status fields, Events
 * and metrics; the rollout writes nothing itself.
 *
 * @param dataHash   the data hash the decision was taken for
 * @param summary    the RolloutRestart condition to set (when due, or while following restarted workloads)
 * @param results    what happened to each workload (empty unless due)
 * @param retryAfter when to attempt again, if the rollout is not complete or a workload is still restarting
 * @param tracked    status.rolledOut to set, or null to leave it
 * @param finished   the workloads whose rollout completed or failed in this attempt
 */
public record RolloutOutcome(RolloutDecision decision, String dataHash, RolloutSummary summary,
                             List<WorkloadResult> results, Optional<Duration> retryAfter,
                             List<RolledOutWorkload> tracked, List<Finished> finished) {
  /** No rollout machinery at all: the status's rollout fields are left as they are. */
  public static final RolloutOutcome NONE = new RolloutOutcome(RolloutDecision.UP_TO_DATE, null, null, List.of(),
      Optional.empty());

  /** An attempt that followed nothing (status.rolledOut from the summary's names). */
  public RolloutOutcome(RolloutDecision decision, String dataHash, RolloutSummary summary,
                        List<WorkloadResult> results, Optional<Duration> retryAfter) {
    this(decision, dataHash, summary, results, retryAfter, null, List.of());
  }

  static RolloutOutcome decided(RolloutDecision decision, String dataHash) {
    return new RolloutOutcome(decision, dataHash, null, List.of(), Optional.empty());
  }

  /** A workload was restarted by this very attempt. */
  public boolean restartedNow() {
    return results.stream().anyMatch(r -> r.outcome() == Outcome.RESTARTED);
  }
}
