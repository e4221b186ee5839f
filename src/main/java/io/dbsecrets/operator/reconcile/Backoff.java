package io.dbsecrets.operator.reconcile;

import java.time.Duration;

/**
 * How long to wait before retrying a failed sync: doubling from a base, capped. Failures someone has to fix
 * (access denied, bad template) start slower than ones that pass by themselves (throttling, timeouts).
 */
public final class Backoff {
  static final Duration TRANSIENT_BASE = Duration.ofSeconds(5);
  static final Duration PERMANENT_BASE = Duration.ofSeconds(30);
  static final Duration CAP = Duration.ofMinutes(10);

  private Backoff() {}

  /** @param failures consecutive failures, this one included (1 for the first) */
  public static Duration after(int failures, boolean transientFailure) {
    Duration base = transientFailure ? TRANSIENT_BASE : PERMANENT_BASE;
    int doublings = Math.min(Math.max(failures - 1, 0), 20);
    Duration delay = base.multipliedBy(1L << doublings);
    return delay.compareTo(CAP) > 0 ? CAP : delay;
  }
}
