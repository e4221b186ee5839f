package io.dbsecrets.operator.rollout;

/** A named target of a kind the cluster does not serve (a Rollout without the Argo Rollouts CRD). */
public class WorkloadKindNotInstalled extends RuntimeException {
  public WorkloadKindNotInstalled(String message) {
    super(message);
  }
}
