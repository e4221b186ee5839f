package io.dbsecrets.operator.reconcile;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * When the next read from AWS is due. Every secret (fetch key) has a phase in the refresh cycle, derived from its
 * key the way Prometheus offsets each target's scrapes: its reads fall on the instants {@code phase + k * interval}
 * of the wall clock, and every resource reading the secret is due at the same instant, however far apart the
 * resources were created or last synced. Each secret is then read once per interval; the secrets are spread evenly
 * over the cycle by their phases, so reconciles and AWS calls form a steady stream instead of a burst, and a batch
 * leaving now reads ahead for the secrets due over the next part of the cycle (full BatchGetSecretValue calls).
 *
 * <p>A periodic refresh is due exactly one interval after the one before. The first refresh after any other sync
 * (a creation, a spec change, a forced sync, a restart after an outage) waits for the secret's next phase instant
 * at least half an interval away, 0.5 to 1.5 intervals later: that is the jitter, and it is what spreads a thousand
 * resources created together over the cycle. (A coin of ±10% per read, the first design, never brought together
 * the readers of one secret that had synced a few slots apart, so such a secret was read several times a cycle:
 * 43 calls a cycle for 500 secrets instead of about 25.) The time depends only on the secret, the interval and the
 * anchor, so a restarted operator computes the same time again.
 */
public final class RefreshSchedule {
  private RefreshSchedule() {}

  /**
   * @param anchor   the due time of the periodic read that just happened, else the time of the read
   * @param lastSync when the read happened; the result is always after it
   * @param secret   what is read (the fetch key), shared by every resource naming the same secret
   * @return empty when the interval is 0: the resource syncs once
   */
  public static Optional<Instant> nextRefresh(Instant anchor, Instant lastSync, Duration interval, String secret) {
    if (interval.isZero() || interval.isNegative()) {
      return Optional.empty();
    }
    Instant due = after(anchor, interval, secret);
    if (!due.isAfter(lastSync)) { // anchored on a read long overdue (the operator was down): start afresh
      due = after(lastSync, interval, secret);
    }
    return Optional.of(due);
  }

  /**
   * The due time a shorter interval gives, when the one stored lies beyond what the interval allows after the last
   * read: the operator-wide default interval was lowered (events turned off again, say) after the due time was
   * computed, and the resource should not wait out the old interval.
   *
   * @return empty when the stored due time is within the interval (the first refresh's 1.5 intervals included)
   */
  public static Optional<Instant> shortened(Instant lastSync, Instant storedDue, Duration interval,
                                           Supplier<String> secret) {
    if (interval.isZero() || interval.isNegative()) {
      return Optional.empty();
    }
    Instant latest = lastSync.plus(interval).plus(interval.dividedBy(2));
    // the secret's key is built only when needed: this check runs on every reconcile
    return storedDue.isAfter(latest) ? nextRefresh(lastSync, lastSync, interval, secret.get()) : Optional.empty();
  }

  /** The secret's first phase instant more than half an interval after {@code anchor}. */
  private static Instant after(Instant anchor, Duration interval, String secret) {
    long period = Math.max(1, interval.toMillis());
    long phase = (long) (unitHash(secret) * period);
    long earliest = anchor.toEpochMilli() + period / 2;
    long cycles = Math.floorDiv(earliest - phase, period) + 1;
    return Instant.ofEpochMilli(phase + cycles * period);
  }

  /**
   * How far ahead of their due time a leaving batch reads for the fleet's periodic refreshes: three quarters of the
   * {@link #sharingWindow}, so an answer read ahead is still fresh when its reader falls due, with a margin for a
   * batch that leaves late.
   */
  public static Duration readAheadHorizon(Duration interval) {
    return sharingWindow(interval).multipliedBy(3).dividedBy(4);
  }

  /**
   * How old a value fetched by another resource may be and still serve a periodic refresh of this one: a fifth of
   * the interval, so resources naming one secret share a fetch per refresh, and a batch can read ahead for them.
   */
  public static Duration sharingWindow(Duration interval) {
    return interval.multipliedBy(2).dividedBy(10);
  }

  /**
   * A number in [0, 1) from the first 53 bits of SHA-256(seed). CRC32, used before, left a tenth of the cycle with
   * 63 of 1,000 secrets named {@code bench/db-<i>} and another with 128: too uneven for phases.
   */
  private static double unitHash(String seed) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
      return (ByteBuffer.wrap(digest).getLong() >>> 11) / (double) (1L << 53);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
