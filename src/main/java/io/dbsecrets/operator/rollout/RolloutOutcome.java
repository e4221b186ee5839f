package io.dbsecrets.operator.rollout;

import io.dbsecrets.operator.rollout.WorkloadResult.Outcome;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What a rollout decided and, when it was due, what it did to each workload. The reconciler turns it into the
 * RolloutRestart condition and the rollout status fields, Events and metrics; the rollout writes nothing itself.
 *
 * @param dataHash   the data hash the decision was taken for
 * @param summary    the attempt's summary (only when {@link RolloutDecision#DUE})
 * @param results    what happened to each workload (empty unless due)
 * @param retryAfter when to attempt again, if the rollout is not complete
 */
public record RolloutOutcome(RolloutDecision decision, String dataHash, RolloutSummary summary,
                             List<WorkloadResult> results, Optional<Duration> retryAfter) {
  /** No rollout machinery at all: the status's rollout fields are left as they are. */
  public static final RolloutOutcome NONE = new RolloutOutcome(RolloutDecision.UP_TO_DATE, null, null, List.of(),
      Optional.empty());

  static RolloutOutcome decided(RolloutDecision decision, String dataHash) {
    return new RolloutOutcome(decision, dataHash, null, List.of(), Optional.empty());
  }

  /** A workload was restarted by this very attempt. */
  public boolean restartedNow() {
    return results.stream().anyMatch(r -> r.outcome() == Outcome.RESTARTED);
  }
}
