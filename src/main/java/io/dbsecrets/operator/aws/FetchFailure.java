package io.dbsecrets.operator.aws;

/**
 * A read from Secrets Manager failed. The message names the secret and the AWS error code, never a secret value.
 */
public class FetchFailure extends Exception {
  private final FailureReason reason;

  public FetchFailure(FailureReason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  public FailureReason reason() {
    return reason;
  }
}
