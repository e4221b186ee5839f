package io.dbsecrets.operator.reconcile;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * When the next read from AWS is due: the interval after the last successful read, moved by up to ±10% so that
 * resources created together do not call AWS together. The jitter is derived from the resource and the read
 * time, so a restarted operator computes the same time again. Due times are then rounded up to one of
 * {@value #SLOTS_PER_JITTER_WINDOW} slots of the jitter window on a wall-clock grid, so resources that fall due
 * close together fall due at the same instant and share BatchGetSecretValue calls.
 */
public final class RefreshSchedule {
  static final double JITTER = 0.10;
  static final int SLOTS_PER_JITTER_WINDOW = 6;
  static final Duration MIN_SLOT = Duration.ofSeconds(1);

  private RefreshSchedule() {}

  /** Empty when the interval is 0: the resource syncs once. */
  public static Optional<Instant> nextRefresh(Instant lastSync, Duration interval, String resourceUid) {
    if (interval.isZero() || interval.isNegative()) {
      return Optional.empty();
    }
    double fraction = (unitHash(resourceUid + "@" + lastSync) * 2 - 1) * JITTER;
    long jitterMillis = (long) (interval.toMillis() * fraction);
    return Optional.of(roundUpToSlot(lastSync.plus(interval).plusMillis(jitterMillis), slot(interval)));
  }

  static Duration slot(Duration interval) {
    Duration slot = sharingWindow(interval).dividedBy(SLOTS_PER_JITTER_WINDOW);
    return slot.compareTo(MIN_SLOT) < 0 ? MIN_SLOT : slot;
  }

  private static Instant roundUpToSlot(Instant due, Duration slot) {
    long slotMillis = slot.toMillis();
    long millis = due.toEpochMilli();
    long rounded = Math.floorDiv(millis + slotMillis - 1, slotMillis) * slotMillis;
    return Instant.ofEpochMilli(rounded);
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
