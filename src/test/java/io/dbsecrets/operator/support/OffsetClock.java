package io.dbsecrets.operator.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Real time plus an offset a test moves forward. The operator keeps running on real schedules, and a test skips a
 * span the product measures on its clock (the 30 s that confirm an AWS deletion) instead of waiting it out.
 */
public final class OffsetClock extends Clock {
  private final Clock real = Clock.systemUTC();
  private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

  public void skip(Duration duration) {
    offset.updateAndGet(o -> o.plus(duration));
  }

  @Override
  public Instant instant() {
    return real.instant().plus(offset.get());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
