package io.dbsecrets.operator.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbsecrets.operator.support.SettableClock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The kept answer of API discovery: asked once, not on every reconcile, and again when it may have changed. */
class ServedResourceTest {
  private final SettableClock clock = new SettableClock(Instant.parse("2026-11-29T10:00:00Z"));
  private final AtomicBoolean installed = new AtomicBoolean();
  private final AtomicInteger asked = new AtomicInteger();
  private final ServedResource served = new ServedResource(() -> {
    asked.incrementAndGet();
    return installed.get();
  }, clock);

  @Test
  void aMissingCrdIsAskedForOncePerRecheckInterval() {
    assertThat(served.served()).isFalse();
    installed.set(true);
    clock.advance(ServedResource.RECHECK.minusSeconds(1));
    assertThat(served.served()).isFalse();
    assertThat(asked).hasValue(1);

    clock.advance(ServedResource.RECHECK);
    assertThat(served.served()).isTrue();
    assertThat(asked).hasValue(2);
  }

  @Test
  void anInstalledCrdIsBelievedUntilAReadMeetsA404() {
    installed.set(true);
    assertThat(served.served()).isTrue();
    clock.advance(ServedResource.RECHECK.multipliedBy(10));
    assertThat(served.served()).isTrue();
    assertThat(asked).hasValue(1);

    installed.set(false);
    served.gone();
    assertThat(served.served()).isFalse();
    assertThat(asked).as("gone() needs no discovery call").hasValue(1);
  }

  @Test
  void recheckAsksNowAndKeepsTheAnswer() {
    assertThat(served.served()).isFalse();
    installed.set(true);
    assertThat(served.recheck()).isTrue();
    assertThat(served.served()).isTrue();
    assertThat(asked).hasValue(2);
  }
}
