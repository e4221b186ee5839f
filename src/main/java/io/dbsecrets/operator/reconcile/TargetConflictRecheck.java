package io.dbsecrets.operator.reconcile;

import io.dbsecrets.operator.api.ExternalDbSecret;
import io.dbsecrets.operator.api.ExternalDbSecretStatus;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How a resource in TargetConflict notices that the Secret in its way is gone. The managed-secret informer watches
 * only Secrets carrying our label, so the deletion of a foreign Secret raises no event: the resource looks again
 * on a short fixed period instead of the failure backoff (which grows to 10 minutes). A look is one GET of one
 * Secret by name and no AWS call; a watch per conflicting resource would hold a connection each for a rare case.
 * A recheck that finds the same conflict already reported writes nothing (no status write, no Event).
 */
public final class TargetConflictRecheck {
  public static final String REASON = "TargetConflict";
  static final Duration PERIOD = Duration.ofSeconds(10);

  private TargetConflictRecheck() {}

  /** The conflict is on the status for this very spec and force-sync request: nothing new to report. */
  public static boolean alreadyReported(ExternalDbSecret resource, String message) {
    ExternalDbSecretStatus status = resource.getStatus();
    Map<String, String> annotations = resource.getMetadata().getAnnotations();
    String force = annotations == null ? null : annotations.get(ExternalDbSecret.FORCE_SYNC_ANNOTATION);
    return status != null && Objects.equals(status.getObservedGeneration(), resource.getMetadata().getGeneration())
        && Objects.equals(status.getForceSyncHandled(), force)
        && Conditions.find(status.getConditions(), Conditions.READY)
            .filter(c -> "False".equals(c.getStatus()) && REASON.equals(c.getReason())
                && Objects.equals(message, c.getMessage()))
            .isPresent();
  }

  /** @param backoff when the failure path would retry */
  public static Optional<Duration> next(Optional<Duration> backoff) {
    return Optional.of(backoff.filter(b -> b.compareTo(PERIOD) < 0).orElse(PERIOD));
  }
}
