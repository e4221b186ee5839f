package io.dbsecrets.operator.rollout;

import io.dbsecrets.operator.api.ExternalDbSecret;
import java.time.Duration;
import java.util.Optional;

/** Restarts the workloads that read a Secret once its data changed. Called after the Secret is written. */
public interface RolloutTrigger {
  RolloutTrigger NONE = (resource, targetSecret, previousDataHash, dataHash) -> Optional.empty();

  /**
   * Called after every successful sync, and on every reconcile that found the Secret in sync without reading AWS
   * (then with previousDataHash equal to dataHash), so a rollout still due makes progress. Decides itself whether a
   * rollout is due (it is not on the first sync, nor for data already rolled out), and records what it did in the
   * resource's status.
   *
   * @param previousDataHash the hash of the data synced before this sync, or null on the first sync
   * @return when to be called again, if a rollout is still due (waiting to coalesce, a paused Deployment, a failure)
   */
  Optional<Duration> afterSync(ExternalDbSecret resource, String targetSecret, String previousDataHash,
                               String dataHash);
}
