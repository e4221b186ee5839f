package io.dbsecrets.operator.rollout;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

/**
 * The least time between two restarts of one workload. The last restart is read from the workload itself (its
 * pod template's {@code dbsecrets.io/restartedAt}), so the limit holds across every ExternalDbSecret feeding the
 * workload and across operator restarts, with no state of its own.
 */
public final class RestartRateLimit {
  private RestartRateLimit() {}

  /**
   * @return when the workload may be restarted again, or empty when it may be now (no limit, never restarted by
   *     the operator, or restarted long enough ago)
   */
  public static Optional<Instant> heldUntil(Map<String, String> templateAnnotations, Duration minInterval,
                                            Instant now) {
    if (minInterval == null || minInterval.isZero() || minInterval.isNegative() || templateAnnotations == null) {
      return Optional.empty();
    }
    String last = templateAnnotations.get(RestartMarker.RESTARTED_AT_ANNOTATION);
    if (last == null) {
      return Optional.empty();
    }
    Instant allowed;
    try {
      allowed = Instant.parse(last).plus(minInterval);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
    // a restartedAt in the future (a skewed clock, a hand edit) holds a restart for at most one interval
    Instant latest = now.plus(minInterval);
    allowed = allowed.isAfter(latest) ? latest : allowed;
    return now.isBefore(allowed) ? Optional.of(allowed) : Optional.empty();
  }
}
