package io.dbsecrets.operator.reconcile;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The secret events that arrived for one resource since its last reconcile began, taken by the next one. Decides
 * whether they make AWS worth reading and how old a shared answer may be; completes their deliveries when the
 * reconcile is over.
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

  /** When the earliest of the events arrived, for the event-to-Secret latency. */
  Instant firstReceived() {
    return arrivals.stream().map(Arrival::received).min(Instant::compareTo).orElseThrow();
  }

  /** The reconcile that took these events is over, whatever it came to. */
  void done() {
    arrivals.forEach(a -> a.handled().complete(null));
  }

  /** One event for the resource: the version it names (or null), when it arrived, and its delivery to complete. */
  record Arrival(String versionId, Instant received, CompletableFuture<Void> handled) {}
}
