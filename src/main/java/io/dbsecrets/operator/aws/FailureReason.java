package io.dbsecrets.operator.aws;

/** Why AWS did not give us the secret; the name is the Ready condition's reason. */
public enum FailureReason {
  SecretNotFound(false),
  AccessDenied(false),
  DecryptionFailure(false),
  Throttled(true),
  Timeout(true),
  InvalidRequest(false),
  SecretDeleted(false),
  AwsError(true);

  private final boolean transientFailure;

  FailureReason(boolean transientFailure) {
    this.transientFailure = transientFailure;
  }

  /** Retrying soon can help. Other failures are retried on a slower schedule, as someone has to fix them. */
  public boolean isTransient() {
    return transientFailure;
  }
}
