package io.dbsecrets.operator.kube;

import io.dbsecrets.operator.api.ReadyReason;

/** The target Secret cannot be written as the spec asks: the API server refuses it, or would. */
public class SecretRejected extends Exception {
  public static final String REASON = ReadyReason.SecretRejected.name();

  public SecretRejected(String message) {
    super(message, null, false, false);
  }
}
