package io.dbsecrets.operator.rollout;

import io.dbsecrets.operator.api.ExternalDbSecret;

/** Restarts the workloads that read a Secret once its data changed. Called after the Secret is written. */
public interface RolloutTrigger {
  RolloutTrigger NONE = (resource, targetSecret, previousDataHash, dataHash) -> RolloutOutcome.NONE;

  /**
   * Called after every successful sync, and on every reconcile that found the Secret in sync without reading AWS
   * (then with previousDataHash equal to dataHash), so a rollout still due makes progress. Decides itself whether a
   * rollout is due (it is not on the first sync, nor for data already rolled out) from the resource's spec and
   * status, which it only reads: what it did comes back as the outcome.
   *
   * @param previousDataHash the hash of the data synced before this sync, or null on the first sync
   */
  RolloutOutcome afterSync(ExternalDbSecret resource, String targetSecret, String previousDataHash, String dataHash);

  /**
   * As {@link #afterSync(ExternalDbSecret, String, String, String)}, bringing the other resources that feed the
   * workloads up to date first when a restart is due.
   */
  default RolloutOutcome afterSync(ExternalDbSecret resource, String targetSecret, String previousDataHash,
                                   String dataHash, SiblingSyncs siblings) {
    return afterSync(resource, targetSecret, previousDataHash, dataHash);
  }
}
