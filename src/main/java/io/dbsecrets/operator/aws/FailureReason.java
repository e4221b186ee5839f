package io.dbsecrets.operator.aws;

import io.dbsecrets.operator.api.ReadyReason;

/** Why AWS did not give us the secret, with the Ready condition's reason it is reported as. */
public enum FailureReason {
  SecretNotFound(ReadyReason.SecretNotFound, false),
  AccessDenied(ReadyReason.AccessDenied, false),
  DecryptionFailure(ReadyReason.DecryptionFailure, false),
  Throttled(ReadyReason.Throttled, true),
  Timeout(ReadyReason.Timeout, true),
  InvalidRequest(ReadyReason.InvalidRequest, false),
  SecretDeleted(ReadyReason.SecretDeleted, false),
  AwsError(ReadyReason.AwsError, true);

  private final ReadyReason readyReason;
  private final boolean transientFailure;

  FailureReason(ReadyReason readyReason, boolean transientFailure) {
    this.readyReason = readyReason;
    this.transientFailure = transientFailure;
  }

  public ReadyReason readyReason() {
    return readyReason;
  }

  /** Retrying soon can help. Other failures are retried on a slower schedule, as someone has to fix them. */
  public boolean isTransient() {
    return transientFailure;
  }
}
