package io.dbsecrets.operator.aws;

import java.time.Duration;

/** Reads secrets from Secrets Manager. Every AWS read of the operator goes through one instance of this. */
public interface SecretSource {
  /**
   * @param maxAge how old an answer already fetched for an equal request may be; {@link Duration#ZERO} forces a
   *     fresh read
   */
  SecretValue fetch(SecretRequest request, Duration maxAge) throws FetchFailure;
}
