package io.dbsecrets.operator.metrics;

import io.dbsecrets.operator.api.ExternalDbSecret;
import io.dbsecrets.operator.reconcile.Durations;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * What the fleet metrics need of one ExternalDbSecret, read from its cached status.
 *
 * @param ready the Ready condition's status: True, False, or Unknown before the first reconcile wrote one
 * @param reason the Ready condition's reason, {@code Pending} before there is one
 * @param lastSync the last successful sync, empty before the first
 * @param refreshInterval the effective refresh interval, empty when it cannot be known (a spec the operator rejects)
 */
public record ResourceState(String namespace, String name, String ready, String reason, Optional<Instant> lastSync,
                            Optional<Duration> refreshInterval) {
  public static final String PENDING = "Pending";

  public static ResourceState of(ExternalDbSecret resource, Duration defaultInterval) {
    var status = resource.getStatus();
    List<Condition> conditions = status == null || status.getConditions() == null ? List.of() : status.getConditions();
    Optional<Condition> readyCondition = conditions.stream().filter(c -> "Ready".equals(c.getType())).findFirst();
    return new ResourceState(resource.getMetadata().getNamespace(), resource.getMetadata().getName(),
        readyCondition.map(Condition::getStatus).orElse("Unknown"),
        readyCondition.map(Condition::getReason).orElse(PENDING),
        status == null ? Optional.empty() : instant(status.getLastSyncTime()),
        interval(resource.getSpec() == null ? null : resource.getSpec().getRefreshInterval(), defaultInterval));
  }

  public boolean isReady() {
    return "True".equals(ready);
  }

  /**
   * Stale: the last successful sync is older than twice the refresh interval, so at least one refresh was missed.
   * A resource that syncs once ({@code 0}) is never stale; one that never synced is not Ready, which says more.
   */
  public boolean isStale(Instant now) {
    return lastSync.isPresent() && refreshInterval.filter(i -> !i.isZero())
        .map(i -> lastSync.get().plus(i.multipliedBy(2)).isBefore(now)).orElse(false);
  }

  private static Optional<Instant> instant(String text) {
    try {
      return Optional.ofNullable(text).map(Instant::parse);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static Optional<Duration> interval(String text, Duration defaultInterval) {
    if (text == null || text.isBlank()) {
      return Optional.of(defaultInterval);
    }
    try {
      return Optional.of(Durations.parse(text));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
