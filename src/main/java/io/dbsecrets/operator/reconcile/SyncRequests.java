package io.dbsecrets.operator.reconcile;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** Makes resources reconcile now, outside their schedule ({@link SecretEventTriggers} in the operator). */
interface SyncRequests {
  /**
   * Asks these resources to read AWS now, reported as {@link SyncTrigger#ROLLOUT}.
   *
   * @return completes once each has had its reconcile (or was deleted)
   */
  CompletableFuture<Void> requestSync(Set<ResourceID> ids, Instant now);

  /** Reconciles the resource soon, without asking it to read AWS. */
  void wake(ResourceID id);
}
