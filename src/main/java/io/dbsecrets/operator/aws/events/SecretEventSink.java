package io.dbsecrets.operator.aws.events;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/** Where the queue consumer hands a secret event: the reconciler, which syncs the resources reading the secret. */
public interface SecretEventSink {
  /**
   * @param received when the operator received the event (for the event-to-Secret latency)
   * @return completes, with how many resources read the secret, once each of them has been synced (successfully
   *     or not); exceptionally if the event cannot be handed on now (the operator is not running its reconciler)
   */
  CompletableFuture<Integer> deliver(SecretEvent event, Instant received);
}
