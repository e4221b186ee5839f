package io.dbsecrets.operator.reconcile;

import io.dbsecrets.operator.api.ExternalDbSecret;
import io.dbsecrets.operator.api.ExternalDbSecretStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Why a reconcile must read AWS now, or {@link #NONE}. Each reason accepts a differently aged shared answer: a
 * forced sync none, a periodic refresh one from within its refresh window.
 */
public enum SyncTrigger {
  NONE, FIRST_SYNC, SPEC_CHANGED, FORCED, SECRET_DRIFTED, REFRESH_DUE, RETRY,
  /** A Secrets Manager event named the secret (see {@link SecretEventTriggers}); never returned by decide. */
  EVENT,
  /**
   * A restart of a workload this resource feeds is due because another resource's data changed, and waits for this
   * one to read AWS first (see {@link RolloutSiblings}); never returned by decide.
   */
  ROLLOUT;

  /** What status.lastSyncTrigger and {@code kubectl get edbs} say for a sync of this trigger. */
  public String statusLabel() {
    return switch (this) {
      case FIRST_SYNC, SPEC_CHANGED -> "spec";
      case FORCED -> "force";
      case SECRET_DRIFTED -> "drift";
      case REFRESH_DUE -> "poll";
      case RETRY -> "retry";
      case EVENT -> "event";
      case ROLLOUT -> "rollout";
      case NONE -> null;
    };
  }

  /**
   * @param managedDataHash hash of the operator's keys in the Secret as it is now, or null if there is none
   */
  public static SyncTrigger decide(ExternalDbSecret resource, String managedDataHash, Instant now) {
    ExternalDbSecretStatus status = resource.getStatus();
    // first: a force-sync request is promised an answer no cache gave, whatever else changed with it (a sync that
    // saw the request alongside a new spec, or before its first status was written, took a shared answer)
    String force = ForceSync.requested(resource);
    if (force != null && !force.equals(status == null ? null : status.getForceSyncHandled())) {
      return FORCED;
    }
    if (status == null || status.getLastSyncTime() == null) {
      return status != null && status.failureCount() > 0 ? RETRY : FIRST_SYNC;
    }
    if (!Objects.equals(status.getObservedGeneration(), resource.getMetadata().getGeneration())) {
      return SPEC_CHANGED;
    }
    if (status.failureCount() > 0) {
      return RETRY;
    }
    if (!Objects.equals(managedDataHash, status.getDataHash())) {
      return SECRET_DRIFTED;
    }
    if (status.getNextRefreshTime() != null && !now.isBefore(Instant.parse(status.getNextRefreshTime()))) {
      return REFRESH_DUE;
    }
    return NONE;
  }

  /**
   * The oldest shared AWS answer this trigger accepts. A periodic refresh accepts only its sharing window (a fifth
   * of the interval), never the coalesce window: the next refresh is due at least half an interval after the last, so
   * with a coalesce window longer than that (10 s against a 10 s interval) every other refresh was served the
   * answer of the one before and the wire saw a read every second interval.
   */
  public Duration maxAge(Duration refreshInterval, Duration coalesceWindow) {
    return switch (this) {
      case FORCED, RETRY, ROLLOUT -> Duration.ZERO;
      case REFRESH_DUE -> RefreshSchedule.sharingWindow(refreshInterval);
      case SECRET_DRIFTED -> RefreshSchedule.sharingWindow(refreshInterval).compareTo(coalesceWindow) > 0
          ? RefreshSchedule.sharingWindow(refreshInterval) : coalesceWindow;
      default -> coalesceWindow;
    };
  }
}
