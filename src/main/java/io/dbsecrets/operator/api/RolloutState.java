package io.dbsecrets.operator.api;

/** Where the restart of one workload stands, as its own controller reports it. */
public enum RolloutState {
  /** Restarted; the workload's controller is replacing its pods. */
  Restarting,
  /** Every pod runs the restarted template and is available. */
  Complete,
  /** The workload's controller gave up (Deployment: ProgressDeadlineExceeded), or it did not finish in time. */
  Failed
}
