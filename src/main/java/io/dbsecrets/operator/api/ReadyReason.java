package io.dbsecrets.operator.api;

/**
 * The reasons of the Ready condition, the one list the README's status table, the failure metric's labels and
 * the code that sets the condition share. {@link #Synced} goes with status True, every other with False.
 */
public enum ReadyReason {
  Synced,
  // AWS did not give the secret (aws.FailureReason names the same)
  SecretNotFound,
  SecretDeleted,
  AccessDenied,
  DecryptionFailure,
  Throttled,
  Timeout,
  InvalidRequest,
  AwsError,
  // the secret could not be turned into Secret data (render.RenderFailure)
  InvalidSecretFormat,
  PropertyNotFound,
  TemplateError,
  InvalidSecretKey,
  // the spec, the target Secret or the namespace policy stands in the way
  InvalidSpec,
  TargetConflict,
  SecretRejected,
  PolicyDenied;

  public boolean ready() {
    return this == Synced;
  }
}
