package io.dbsecrets.operator.reconcile;

import io.dbsecrets.operator.api.ExternalDbSecretStatus;
import io.dbsecrets.operator.api.ReadyReason;
import io.dbsecrets.operator.api.RolledOutWorkload;
import io.dbsecrets.operator.kube.Conditions;
import io.dbsecrets.operator.rollout.RolloutOutcome;
import io.dbsecrets.operator.rollout.RolloutSummary;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import java.util.List;

/**
 * The one place the status is built: from the status before a reconcile, the resource's generation and force-sync
 * request, what the sync and the rollout came to, and the time. Pure; the previous status is not touched.
 */
public final class StatusBuilder {
  private StatusBuilder() {}

  /**
   * @param previous   the status the reconcile started from, or null
   * @param generation metadata.generation of the resource
   * @param forceSync  the force-sync annotation's value, or null
   * @param target     the target Secret's name
   * @param rollout    what the rollout came to ({@link RolloutOutcome#NONE} when it did not run)
   */
  public static ExternalDbSecretStatus next(ExternalDbSecretStatus previous, Long generation, String forceSync,
                                            String target, SyncOutcome sync, RolloutOutcome rollout, Instant now) {
    ExternalDbSecretStatus status = previous == null ? new ExternalDbSecretStatus()
        : Serialization.unmarshal(Serialization.asJson(previous), ExternalDbSecretStatus.class);
    status.setTargetSecret(target);
    if (sync instanceof SyncOutcome.Synced synced) {
      synced(status, synced, generation, forceSync, target, now);
    } else if (sync instanceof SyncOutcome.Failed failed) {
      failed(status, failed, generation, forceSync, now);
    }
    rollout(status, rollout, generation, now);
    return status;
  }

  private static void synced(ExternalDbSecretStatus status, SyncOutcome.Synced synced, Long generation,
                             String forceSync, String target, Instant now) {
    status.setObservedGeneration(generation);
    status.setSyncedGeneration(generation);
    status.setSecretGoneSince(null);
    status.setSyncedVersionId(synced.versionId());
    status.setSyncedVersionStages(synced.versionStages());
    status.setLastSyncTime(now.toString());
    if (synced.trigger() != null) {
      status.setLastSyncTrigger(synced.trigger().statusLabel());
    }
    status.setNextRefreshTime(synced.nextRefresh() == null ? null : synced.nextRefresh().toString());
    status.setDataHash(synced.dataHash());
    status.setForceSyncHandled(forceSync);
    status.setConsecutiveFailures(null);
    status.setConditions(Conditions.set(status.getConditions(), Conditions.READY, true, ReadyReason.Synced.name(),
        "Secret '" + target + "' holds version " + synced.versionId() + (synced.written() ? "" : " (unchanged)"),
        generation, now));
  }

  private static void failed(ExternalDbSecretStatus status, SyncOutcome.Failed failed, Long generation,
                             String forceSync, Instant now) {
    status.setConsecutiveFailures(status.failureCount() + 1);
    status.setObservedGeneration(generation);
    status.setForceSyncHandled(forceSync);
    if (failed.deletion() != null) {
      Instant since = failed.deletion().goneSince();
      status.setSecretGoneSince(since == null ? null : since.toString());
    }
    status.setConditions(Conditions.set(status.getConditions(), Conditions.READY, false, failed.reason().name(),
        failed.message(), generation, now));
  }

  private static void rollout(ExternalDbSecretStatus status, RolloutOutcome rollout, Long generation, Instant now) {
    switch (rollout.decision()) {
      case NOT_CONFIGURED -> {
        // the resource no longer asks for rollouts: drop what its status said about them
        status.setRolloutDataHash(null);
        status.setRolledOut(null);
        if (Conditions.find(status.getConditions(), Conditions.ROLLOUT_RESTART).isPresent()) {
          status.setConditions(status.getConditions().stream()
              .filter(c -> !Conditions.ROLLOUT_RESTART.equals(c.getType())).toList());
        }
      }
      case BASELINE -> status.setRolloutDataHash(rollout.dataHash());
      case UP_TO_DATE -> {
        // following restarted workloads to the end of their rollout
        if (rollout.summary() != null) {
          RolloutSummary summary = rollout.summary();
          status.setConditions(Conditions.set(status.getConditions(), Conditions.ROLLOUT_RESTART,
              summary.conditionStatus(), summary.reason(), summary.message(), generation, now));
          status.setRolledOut(rollout.tracked() == null || rollout.tracked().isEmpty() ? null : rollout.tracked());
        }
      }
      case DUE -> {
        RolloutSummary summary = rollout.summary();
        status.setConditions(Conditions.set(status.getConditions(), Conditions.ROLLOUT_RESTART,
            summary.conditionStatus(), summary.reason(), summary.message(), generation, now));
        List<RolledOutWorkload> rolledOut = rollout.tracked() != null ? rollout.tracked()
            : summary.rolledOut().stream().map(RolledOutWorkload::new).toList();
        status.setRolledOut(rolledOut.isEmpty() ? null : rolledOut);
        if (rollout.restartedNow() || (summary.complete() && !summary.rolledOut().isEmpty())) {
          status.setLastRolloutTime(now.toString());
        }
        if (summary.complete()) {
          status.setRolloutDataHash(rollout.dataHash());
        }
      }
    }
  }
}
