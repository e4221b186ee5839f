package io.dbsecrets.operator.aws;

import java.time.Instant;

/**
 * What DescribeSecret says about a secret that could not be read: it exists, it is scheduled for deletion (and
 * when it will be deleted), it does not exist, or the question could not be answered.
 *
 * @param deletedDate when AWS will delete it, for {@link State#SCHEDULED_FOR_DELETION}; else null
 * @param detail      for {@link State#UNKNOWN}, why (an AWS error code and message, never a secret value)
 */
public record SecretPresence(State state, Instant deletedDate, String detail) {
  public enum State { EXISTS, SCHEDULED_FOR_DELETION, NOT_FOUND, UNKNOWN }

  public static SecretPresence exists() {
    return new SecretPresence(State.EXISTS, null, null);
  }

  public static SecretPresence scheduledForDeletion(Instant deletedDate) {
    return new SecretPresence(State.SCHEDULED_FOR_DELETION, deletedDate, null);
  }

  public static SecretPresence notFound() {
    return new SecretPresence(State.NOT_FOUND, null, null);
  }

  public static SecretPresence unknown(String detail) {
    return new SecretPresence(State.UNKNOWN, null, detail);
  }

  /** AWS says the secret is gone: deleted for good, or waiting out its recovery window. */
  public boolean gone() {
    return state == State.SCHEDULED_FOR_DELETION || state == State.NOT_FOUND;
  }
}
