package io.dbsecrets.operator.aws;

/**
 * Told each time the operator spared AWS a read: an answer shared with another resource naming the same secret,
 * or secrets read together in one BatchGetSecretValue call instead of one GetSecretValue each.
 */
@FunctionalInterface
public interface SavedReads {
  String SHARING = "sharing";
  String BATCHING = "batching";
  SavedReads NONE = (by, reads) -> { };

  /** @param by {@link #SHARING} or {@link #BATCHING} */
  void saved(String by, int reads);
}
