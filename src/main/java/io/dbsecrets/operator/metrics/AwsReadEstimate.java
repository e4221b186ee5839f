package io.dbsecrets.operator.metrics;

import io.dbsecrets.operator.api.ExternalDbSecret;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * AWS secret reads a month at the current schedule, from the resources' refresh intervals alone (no retries,
 * force-syncs or drift repairs): once as if every resource read alone, once with resources that name the same
 * secret, region and role sharing one read per refresh (the operator's coalescing). The difference is what
 * sharing saves; batching (up to 20 reads in one BatchGetSecretValue call) lowers the number of calls further.
 */
public final class AwsReadEstimate {
  static final Duration MONTH = Duration.ofDays(30);

  private AwsReadEstimate() {}

  public record Reads(double unshared, double shared) {}

  public static Reads perMonth(List<ExternalDbSecret> resources, Duration defaultInterval, String defaultRegion) {
    double unshared = 0;
    Map<List<String>, Duration> shortestBySecret = new HashMap<>();
    for (ExternalDbSecret resource : resources) {
      if (resource.getSpec() == null || resource.getSpec().getSecretId() == null) {
        continue;
      }
      ResourceState state = ResourceState.of(resource, defaultInterval);
      Duration interval = state.refreshInterval().orElse(Duration.ZERO);
      if (interval.isZero()) {
        continue;
      }
      unshared += readsPerMonth(interval);
      var spec = resource.getSpec();
      List<String> secret = List.of(spec.getSecretId(), Objects.requireNonNullElse(spec.getRegion(), defaultRegion),
          Objects.requireNonNullElse(spec.getRoleArn(), ""));
      shortestBySecret.merge(secret, interval, (a, b) -> a.compareTo(b) <= 0 ? a : b);
    }
    double shared = shortestBySecret.values().stream().mapToDouble(AwsReadEstimate::readsPerMonth).sum();
    return new Reads(unshared, shared);
  }

  private static double readsPerMonth(Duration interval) {
    return (double) MONTH.toMillis() / interval.toMillis();
  }
}
