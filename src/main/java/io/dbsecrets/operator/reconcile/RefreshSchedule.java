package io.dbsecrets.operator.reconcile;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * When the next read from AWS is due: the interval after the last successful read, moved by up to ±10% so that
 * resources created together do not call AWS together. The jitter is derived from the resource and the read
 * time, so a restarted operator computes the same time again.
 */
public final class RefreshSchedule {
  static final double JITTER = 0.10;

  private RefreshSchedule() {}

  /** Empty when the interval is 0: the resource syncs once. */
  public static Optional<Instant> nextRefresh(Instant lastSync, Duration interval, String resourceUid) {
    if (interval.isZero() || interval.isNegative()) {
      return Optional.empty();
    }
    double fraction = (unitHash(resourceUid + "@" + lastSync) * 2 - 1) * JITTER;
    long jitterMillis = (long) (interval.toMillis() * fraction);
    return Optional.of(lastSync.plus(interval).plusMillis(jitterMillis));
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
