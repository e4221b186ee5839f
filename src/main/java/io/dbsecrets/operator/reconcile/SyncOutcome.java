package io.dbsecrets.operator.reconcile;

import io.dbsecrets.operator.api.ReadyReason;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** What one sync found and did; {@link StatusBuilder} turns it into status, {@link SyncReport} into Events. */
public sealed interface SyncOutcome {
  /** The Secret holds what status says and no read was due: AWS was not read. */
  record InSync() implements SyncOutcome {}

  /**
   * AWS was read and the Secret holds its data now.
   *
   * @param written     the Secret was written (created when {@code created}), not found as it should be
   * @param keys        the Secret's keys the operator manages
   * @param nextRefresh when to read again (null: never, refreshInterval 0)
   * @param trigger     what made this sync read AWS (null: not known)
   */
  record Synced(String versionId, List<String> versionStages, String dataHash, boolean written, boolean created,
                Set<String> keys, Instant nextRefresh, SyncTrigger trigger) implements SyncOutcome {}

  /**
   * The sync failed; the Secret is left as it was.
   *
   * @param deletion what a read failure that may mean a deleted secret came to (null for every other failure)
   */
  record Failed(ReadyReason reason, String message, boolean transientFailure, DeletionDecision deletion)
      implements SyncOutcome {
    public Failed(ReadyReason reason, String message, boolean transientFailure) {
      this(reason, message, transientFailure, null);
    }
  }

  /** The same failure is on the status already for this very spec (a target conflict rechecked): say nothing. */
  record AlreadyReported(Duration recheckAfter) implements SyncOutcome {}

  /** @return when to reconcile again because of this outcome alone, given the failure count it led to */
  static Optional<Duration> retryAfter(SyncOutcome outcome, int failures) {
    if (outcome instanceof AlreadyReported reported) {
      return Optional.of(reported.recheckAfter());
    }
    if (!(outcome instanceof Failed failed)) {
      return Optional.empty();
    }
    if (failed.deletion() != null) {
      return Optional.of(failed.deletion().retryAfter());
    }
    Optional<Duration> backoff = Optional.of(Backoff.after(failures, failed.transientFailure()));
    return failed.reason() == ReadyReason.TargetConflict ? TargetConflictRecheck.next(backoff) : backoff;
  }
}
