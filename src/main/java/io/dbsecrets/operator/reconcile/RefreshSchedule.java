package io.dbsecrets.operator.reconcile;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.zip.CRC32;

/**
 * When the next read from AWS is due. Reads fall on a wall-clock grid of slots a tenth of the interval wide, and
 * every resource that reads the same secret (same fetch key) is given the same slot: each secret is then read once
 * per interval, in one BatchGetSecretValue with the other secrets of its slot, so a cycle costs about
 * ceil(M/20) + 10 calls for M secrets, however many resources name them.
 *
 * <p>The jitter is a coin per secret and slot: the next read is 10 or 11 slots after the slot of the one that just
 * happened, 0.9 to 1.1 intervals later, which spreads secrets synced together over the cycle as they refresh. The
 * anchor is the due time of a periodic read (a grid point all the secret's readers share), not the moment each
 * reader finished, so readers that finish a little apart stay together. The time depends only on the secret and
 * the anchor, so a restarted operator computes the same time again.
 */
public final class RefreshSchedule {
  static final int SLOTS_PER_INTERVAL = 10;
  /**
   * The grid needs whole milliseconds. A wider minimum (it was 1 s) made the jitter of intervals under 10 s a
   * whole second: 5 s became 5 or 6 s, outside the ±10% promised.
   */
  static final Duration MIN_SLOT = Duration.ofMillis(1);

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
   * @return empty when the stored due time is within the interval (jitter included)
   */
  public static Optional<Instant> shortened(Instant lastSync, Instant storedDue, Duration interval,
                                           Supplier<String> secret) {
    if (interval.isZero() || interval.isNegative()) {
      return Optional.empty();
    }
    Instant latest = lastSync.plus(interval).plus(interval.dividedBy(SLOTS_PER_INTERVAL)).plus(slot(interval));
    // the secret's key is built only when needed: this check runs on every reconcile
    return storedDue.isAfter(latest) ? nextRefresh(lastSync, lastSync, interval, secret.get()) : Optional.empty();
  }

  private static Instant after(Instant anchor, Duration interval, String secret) {
    long slot = slot(interval).toMillis();
    long slotStart = Math.floorDiv(anchor.toEpochMilli(), slot) * slot;
    long slots = Math.max(1, interval.toMillis() / slot) + (unitHash(secret + "@" + slotStart) < 0.5 ? 0 : 1);
    return Instant.ofEpochMilli(slotStart + slots * slot);
  }

  static Duration slot(Duration interval) {
    Duration slot = interval.dividedBy(SLOTS_PER_INTERVAL);
    return slot.compareTo(MIN_SLOT) < 0 ? MIN_SLOT : slot;
  }

  /**
   * How old a value fetched by another resource may be and still serve a periodic refresh of this one: the width
   * of the jitter window, so resources naming one secret share a fetch per refresh window.
   */
  public static Duration sharingWindow(Duration interval) {
    return interval.multipliedBy(2).dividedBy(10);
  }

  private static double unitHash(String seed) {
    CRC32 crc = new CRC32();
    crc.update(seed.getBytes(StandardCharsets.UTF_8));
    return (crc.getValue() & 0xffffffffL) / (double) 0x100000000L;
  }
}
