package io.dbsecrets.operator.reconcile;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * When the operator promised to reconcile each resource again: the refresh or backoff it scheduled, or the longest
 * retry interval after a reconcile that threw. A promise broken by more than a grace period means the reconcile
 * loop lost a schedule, which is what the liveness probe reports: a restart reschedules every resource from its
 * status. An API server outage breaks no promise, as every failed reconcile is retried and renews its own.
 */
public final class ReconcileDeadlines {
  private final Map<ResourceID, Instant> due = new ConcurrentHashMap<>();
  private final Clock clock;
  private final Duration retryMaxInterval;

  public ReconcileDeadlines(Clock clock, Duration retryMaxInterval) {
    this.clock = clock;
    this.retryMaxInterval = retryMaxInterval;
  }

  /** A reconcile finished: the next is due after {@code after}, or only when something changes (empty). */
  public void rescheduled(ResourceID resource, Optional<Duration> after) {
    after.ifPresentOrElse(delay -> due.put(resource, clock.instant().plus(delay)), () -> due.remove(resource));
  }

  /** A reconcile threw: JOSDK retries it within the longest retry interval. */
  public void retrying(ResourceID resource) {
    due.put(resource, clock.instant().plus(retryMaxInterval));
  }

  /**
   * @param exists whether the resource still exists; promises to deleted resources are dropped
   * @return how many resources are overdue by more than {@code grace}
   */
  public long overdue(Duration grace, Predicate<ResourceID> exists) {
    due.keySet().removeIf(exists.negate());
    Instant limit = clock.instant().minus(grace);
    return due.values().stream().filter(deadline -> deadline.isBefore(limit)).count();
  }
}
