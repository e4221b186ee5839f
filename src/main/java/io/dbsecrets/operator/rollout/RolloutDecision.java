package io.dbsecrets.operator.rollout;

import io.dbsecrets.operator.api.RolloutSpec;

/** Whether the workloads fed by an ExternalDbSecret have to be restarted, decided from its spec and status alone. */
public enum RolloutDecision {
  /** No targets and no auto: nothing to restart, nothing to record. */
  NOT_CONFIGURED,
  /** The workloads start with this data (first sync, or the first look at a resource synced before): record it. */
  BASELINE,
  /** The workloads already run with this data (restarted for it, or started with it). */
  UP_TO_DATE,
  /** The data differs from what the workloads run with: restart them (or keep trying to). */
  DUE;

  /**
   * @param previousDataHash the data hash before this sync, null on the first sync
   * @param dataHash the data hash now in the Secret
   * @param rolloutDataHash the data hash the workloads are known to run with (status.rolloutDataHash), or null
   */
  public static RolloutDecision decide(RolloutSpec spec, String previousDataHash, String dataHash,
                                       String rolloutDataHash) {
    if (spec == null || (!spec.isAuto() && spec.getTargets().isEmpty())) {
      return NOT_CONFIGURED;
    }
    String runningWith = rolloutDataHash != null ? rolloutDataHash : previousDataHash;
    if (runningWith == null) {
      return BASELINE;
    }
    if (runningWith.equals(dataHash)) {
      return rolloutDataHash == null ? BASELINE : UP_TO_DATE;
    }
    return DUE;
  }
}
