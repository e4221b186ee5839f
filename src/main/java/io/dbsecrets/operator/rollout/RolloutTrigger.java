package io.dbsecrets.operator.rollout;

import io.dbsecrets.operator.api.ExternalDbSecret;

/** Restarts the workloads that read a Secret once its data changed. Called after the Secret is written. */
public interface RolloutTrigger {
  RolloutTrigger NONE = (resource, targetSecret, previousDataHash, dataHash) -> {};

  /**
   * Called after every successful sync; decides itself whether a rollout is due (it is not on the first sync, nor
   * for data already rolled out), and records what it did in the resource's status.
   *
   * @param previousDataHash the hash of the data synced before this sync, or null on the first sync
   */
  void afterSync(ExternalDbSecret resource, String targetSecret, String previousDataHash, String dataHash);
}
