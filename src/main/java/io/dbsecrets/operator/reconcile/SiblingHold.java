package io.dbsecrets.operator.reconcile;

import java.time.Duration;
import java.time.Instant;

/**
 * Where a resource's due restart stands with the other resources feeding its workloads: asked to sync at
 * {@code since} for this data hash, and whether they have all reported. The restart waits for them, but never longer
 * than a fixed timeout, so a sibling that is stuck never blocks it.
 *
 * @param dataHash the resource's data the restart is for
 * @param since when the siblings were asked (or, settled, when this resource read AWS for another's restart)
 * @param reported the siblings have all reported (or there were none to ask)
 */
record SiblingHold(String dataHash, Instant since, boolean reported) {
  /** What a due restart does next. */
  enum Step {
    /** Ask the siblings to sync (first time for this data). */
    REQUEST,
    /** Wait for them, until {@link #deadline}. */
    WAIT,
    /** Restart: they reported, or the timeout passed. */
    PROCEED
  }

  /** The siblings were asked just now. */
  static SiblingHold asked(String dataHash, Instant now) {
    return new SiblingHold(dataHash, now, false);
  }

  /** Nothing to wait for: there were no siblings, or this resource synced at another's request. */
  static SiblingHold settled(String dataHash, Instant now) {
    return new SiblingHold(dataHash, now, true);
  }

  SiblingHold reportedNow() {
    return new SiblingHold(dataHash, since, true);
  }

  /** @param hold the resource's hold, or null if it has none */
  static Step next(SiblingHold hold, String dataHash, Instant now, Duration timeout) {
    if (hold == null || !hold.dataHash.equals(dataHash)) {
      return Step.REQUEST;
    }
    return hold.reported || !now.isBefore(hold.deadline(timeout)) ? Step.PROCEED : Step.WAIT;
  }

  Instant deadline(Duration timeout) {
    return since.plus(timeout);
  }

  /**
   * How recently a sibling must have read AWS for a restart (its own, or at another's request) not to be asked again:
   * resources answered by one batched read decide their restarts within this of each other. It was the 10 s
   * {@link RolloutSiblings#TIMEOUT}: a sibling that had read 8 s before was not asked, though its read came before a
   * rotation the asking resource had just seen, and the workload restarted once for each of them.
   */
  static final Duration JUST_READ = Duration.ofSeconds(2);

  /** Whether the resource holding this read AWS so recently that asking it to read again would only repeat the read. */
  static boolean justRead(SiblingHold hold, Instant now) {
    return hold != null && !now.isAfter(hold.since.plus(JUST_READ));
  }
}
