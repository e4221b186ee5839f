package io.dbsecrets.operator.rollout;

import io.dbsecrets.operator.api.ExternalDbSecret;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;

/**
 * Brings the other ExternalDbSecrets that feed a workload up to date before it is restarted, so that secrets
 * rotated together cost one rollout rather than one per refresh slot.
 */
@FunctionalInterface
public interface SiblingSyncs {
  /** Restarts at once: nothing else is synced first. */
  SiblingSyncs NONE = (resource, dataHash, workloads, now) -> Optional.empty();

  /**
   * Called when a restart of these workloads is due for the resource's data; asks the other resources feeding them
   * to sync now, once per data hash.
   *
   * @return empty to restart now, or the time to look again while the others are syncing (the resource is
   *     reconciled earlier once they have reported)
   */
  Optional<Instant> holdUntil(ExternalDbSecret resource, String dataHash, Collection<Workload> workloads,
                              Instant now);
}
