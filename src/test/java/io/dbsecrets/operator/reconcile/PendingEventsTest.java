package io.dbsecrets.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class PendingEventsTest {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  @Test
  void theVersionIsHeldOnlyWhenEveryEventNamesIt() {
    assertThat(events("v2", "v2").alreadyHeld("v2")).isTrue();
    assertThat(events("v1", "v2").alreadyHeld("v2")).isFalse();
    assertThat(events((String) null).alreadyHeld("v2")).isFalse();
    assertThat(events("v2").alreadyHeld(null)).isFalse();
  }

  @Test
  void aSharedAnswerMayBeNoOlderThanTheLatestEventNorThanTheTriggerAllows() {
    PendingEvents two = new PendingEvents(List.of(arrival("v1", T0), arrival("v2", T0.plusMillis(400))));
    assertThat(two.maxAge(Duration.ofSeconds(10), T0.plusSeconds(1))).isEqualTo(Duration.ofMillis(600));
    assertThat(two.maxAge(Duration.ZERO, T0.plusSeconds(1))).isEqualTo(Duration.ZERO);
    assertThat(two.firstReceived()).contains(T0);
  }

  @Test
  void doneCompletesEveryDelivery() {
    PendingEvents.Arrival a = arrival("v1", T0);
    PendingEvents.Arrival b = arrival("v2", T0);
    new PendingEvents(List.of(a, b)).done();
    assertThat(a.handled()).isCompleted();
    assertThat(b.handled()).isCompleted();
  }

  @Test
  void aRestartsRequestAlwaysReadsAndIsReportedAsRollout() {
    PendingEvents request = new PendingEvents(List.of(PendingEvents.Arrival.forRollout(T0, new CompletableFuture<>())));
    assertThat(request.alreadyHeld("v2")).isFalse();
    assertThat(request.trigger()).isEqualTo(SyncTrigger.ROLLOUT);
    assertThat(request.maxAge(Duration.ofSeconds(10), T0.plusMillis(300))).isEqualTo(Duration.ofMillis(300));
    assertThat(request.firstReceived()).isEmpty();
  }

  @Test
  void anEventAmongRestartRequestsMakesItAnEventSync() {
    PendingEvents both = new PendingEvents(List.of(PendingEvents.Arrival.forRollout(T0, new CompletableFuture<>()),
        arrival("v2", T0.plusSeconds(1))));
    assertThat(both.trigger()).isEqualTo(SyncTrigger.EVENT);
    assertThat(both.firstReceived()).contains(T0.plusSeconds(1));
  }

  private static PendingEvents events(String... versions) {
    return new PendingEvents(java.util.Arrays.stream(versions).map(v -> arrival(v, T0)).toList());
  }

  private static PendingEvents.Arrival arrival(String version, Instant at) {
    return new PendingEvents.Arrival(version, at, new CompletableFuture<>());
  }
}
