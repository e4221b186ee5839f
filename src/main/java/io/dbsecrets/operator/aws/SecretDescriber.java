package io.dbsecrets.operator.aws;

/**
 * Asks AWS whether a secret that could not be read still exists. Called on the failure path only, so that a
 * deletion is recognised as AWS does it (scheduled with a recovery window, or forced) and a not-found answer that
 * could be transient is never taken for a deletion.
 */
public interface SecretDescriber {
  /** Never throws: an AWS error is {@link SecretPresence.State#UNKNOWN}. */
  SecretPresence describe(SecretRequest request);
}
