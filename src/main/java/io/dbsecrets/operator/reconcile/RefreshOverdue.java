package io.dbsecrets.operator.reconcile;

import io.dbsecrets.operator.api.ExternalDbSecret;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Whether a resource's Secret is older than its refresh promised: {@code status.nextRefreshTime} passed by more than
 * a grace period. True while AWS keeps failing as much as when the operator stopped refreshing, which is what a
 * user of the Secret cares about; {@link ReconcileDeadlines} tells the two apart. Pure.
 */
public final class RefreshOverdue {
  private RefreshOverdue() {}

  public static boolean isOverdue(ExternalDbSecret resource, Instant now, Duration grace) {
    if (resource.getStatus() == null || resource.getStatus().getNextRefreshTime() == null) {
      return false;
    }
    try {
      return Instant.parse(resource.getStatus().getNextRefreshTime()).plus(grace).isBefore(now);
    } catch (DateTimeParseException unreadable) {
      return false;
    }
  }
}
