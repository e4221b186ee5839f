package io.dbsecrets.operator.aws.events;

/** What the queue consumer reports; metrics.OperatorMetrics counts it. */
public interface EventQueueListener {
  EventQueueListener NONE = new EventQueueListener() {
    @Override
    public void received() {}

    @Override
    public void handled(Outcome outcome) {}

    @Override
    public void receiveFailed() {}
  };

  /** One message taken off the queue. */
  void received();

  /** What one message came to. */
  void handled(Outcome outcome);

  /** A ReceiveMessage call failed (queue unreachable, access denied, ...): the consumer backs off. */
  void receiveFailed();

  /** What a message came to; its label is the metric's. */
  enum Outcome {
    /** Resources read the secret and were synced; the message was deleted. */
    MATCHED,
    /** No resource reads the secret; deleted. */
    UNMATCHED,
    /** Not an event the operator can read; deleted. */
    MALFORMED,
    /** An event about something else; deleted. */
    UNRELATED,
    /** Not handled in time, or could not be deleted: left on the queue to come back (or go to the DLQ). */
    FAILED;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
