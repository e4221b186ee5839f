package io.dbsecrets.operator.reconcile;

import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import java.time.Duration;

/**
 * How JOSDK retries a reconcile that threw: the API server was unreachable, refused a status write, or answered
 * a conflict. It never gives up. JOSDK's default stops after five attempts, and a resource whose retries ran out is
 * never reconciled again until something changes it: after an API server outage of a few minutes, refresh stopped
 * for good. The interval doubles from {@code initial} up to {@code max}, so refresh resumes at most {@code max}
 * after the server is back, while thousands of resources do not hammer a server that is coming up.
 */
public final class ReconcileRetry {
  private ReconcileRetry() {}

  public static GenericRetry of(Duration initial, Duration max) {
    if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("retry intervals must be positive with max >= initial, got initial "
          + initial + ", max " + max);
    }
    return new GenericRetry()
        .withoutMaxAttempts()
        .setInitialInterval(initial.toMillis())
        .setIntervalMultiplier(2)
        .setMaxInterval(max.toMillis());
  }
}
