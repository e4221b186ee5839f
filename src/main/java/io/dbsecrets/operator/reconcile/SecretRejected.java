package io.dbsecrets.operator.reconcile;

/** The target Secret cannot be written as the spec asks: the API server refuses it, or would. */
public class SecretRejected extends Exception {
  public static final String REASON = "SecretRejected";

  public SecretRejected(String message) {
    super(message, null, false, false);
  }
}
