package io.dbsecrets.operator.reconcile;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The secret events that arrived for one resource since its last reconcile began, taken by the next one, and the
 * requests to sync it before a restart of a workload it feeds ({@link RolloutSiblings}). Decides whether they make
 * AWS worth reading and how old a shared answer may be; completes their deliveries when the reconcile is over.
 */
final class PendingEvents {
  static final PendingEvents NONE = new PendingEvents(List.of());
  private final List<Arrival> arrivals;

  PendingEvents(List<Arrival> arrivals) {
    this.arrivals = List.copyOf(arrivals);
  }

  boolean isEmpty() {
    return arrivals.isEmpty();
  }

  /**
   * The Secret holds every version the events name: nothing to read. An event without a version (deletion,
   * restore, settings) always reads. Versions are not ordered, so an event naming another version than the one
   * held reads AWSCURRENT (or the pinned version), never the event's version: an out-of-order event for an older
   * version then writes nothing older.
   */
  boolean alreadyHeld(String syncedVersionId) {
    // a request for a restart names no version (null), so it always reads
    return syncedVersionId != null
        && arrivals.stream().allMatch(a -> Objects.equals(a.versionId(), syncedVersionId));
  }

  /**
   * How old a shared AWS answer may be: no older than the latest event, so the read reflects the change the event
   * announced, yet every resource reading the secret for the same events shares one read.
   */
  Duration maxAge(Duration triggerMaxAge, Instant now) {
    Instant latest = arrivals.stream().map(Arrival::received).max(Instant::compareTo).orElseThrow();
    Duration sinceEvent = Duration.between(latest, now);
    Duration age = sinceEvent.isNegative() ? Duration.ZERO : sinceEvent;
    return age.compareTo(triggerMaxAge) < 0 ? age : triggerMaxAge;
  }

  /** What the sync these arrivals cause is reported as: an event if any came, else a restart's request. */
  SyncTrigger trigger() {
    return arrivals.stream().anyMatch(a -> a.trigger() == SyncTrigger.EVENT) ? SyncTrigger.EVENT
        : SyncTrigger.ROLLOUT;
  }

  /** When the earliest of the Secrets Manager events arrived, for the event-to-Secret latency; empty if none did. */
  Optional<Instant> firstReceived() {
    return arrivals.stream().filter(a -> a.trigger() == SyncTrigger.EVENT).map(Arrival::received)
        .min(Instant::compareTo);
  }

  /** The reconcile that took these events is over, whatever it came to. */
  void done() {
    arrivals.forEach(a -> a.handled().complete(null));
  }

  /**
   * One event or request for the resource: the version it names (or null), when it arrived, its delivery to
   * complete, and what the sync is reported as ({@link SyncTrigger#EVENT} or {@link SyncTrigger#ROLLOUT}).
   */
  record Arrival(String versionId, Instant received, CompletableFuture<Void> handled, SyncTrigger trigger) {
    /** A Secrets Manager event. */
    Arrival(String versionId, Instant received, CompletableFuture<Void> handled) {
      this(versionId, received, handled, SyncTrigger.EVENT);
    }

    /** A request to sync before a restart of a workload the resource feeds. */
    static Arrival forRollout(Instant received, CompletableFuture<Void> handled) {
      return new Arrival(null, received, handled, SyncTrigger.ROLLOUT);
    }
  }
}
