package io.dbsecrets.operator.api;

import java.time.Duration;

/**
 * The refresh interval the operator really uses for a resource. The spec's interval is the tenant's to choose, so
 * the operator holds it to a floor the platform team sets: a resource asking for {@code 1ms} would otherwise make
 * the operator read AWS a thousand times a second on the tenant's say-so. {@code 0} (sync once) stays 0.
 *
 * @param defaultInterval for resources that set none
 * @param minimum the shortest interval any resource gets
 */
public record RefreshIntervals(Duration defaultInterval, Duration minimum) {

  /**
   * @param spec the resource's spec.refreshInterval, or null for the default
   * @throws IllegalArgumentException when {@code spec} is not a duration
   */
  public Duration effective(String spec) {
    Duration asked = spec == null || spec.isBlank() ? defaultInterval : Durations.parse(spec);
    if (asked.isZero() || asked.compareTo(minimum) >= 0) {
      return asked;
    }
    return minimum;
  }
}
