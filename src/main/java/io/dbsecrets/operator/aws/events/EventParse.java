package io.dbsecrets.operator.aws.events;

/** What an SQS message body came to: a secret event, or why it is none. */
public sealed interface EventParse {
  /** A change to a secret the operator may have to sync. */
  record Parsed(SecretEvent event) implements EventParse {}

  /**
   * Not an event to act on. The message is deleted either way (a second delivery would be no better), and
   * counted by {@code why}.
   *
   * @param detail says what was wrong, never quoting the body (it is not ours to log)
   */
  record Rejected(Why why, String detail) implements EventParse {}

  /** Why a message is not acted on. */
  enum Why {
    /** Not JSON, not an EventBridge event, or a Secrets Manager event without the fields it must have. */
    MALFORMED,
    /** A well-formed event about something else: another service, another API call, a failed call. */
    UNRELATED
  }
}
