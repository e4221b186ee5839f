package io.dbsecrets.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RefreshScheduleTest {
  private static final Duration HOUR = Duration.ofHours(1);
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void nextRefreshIsWithinTenPercentOfTheInterval() {
    for (int i = 0; i < 2000; i++) {
      Instant read = T0.plusMillis(i * 7919L);
      Instant due = RefreshSchedule.nextRefresh(read, read, HOUR, "secret-" + i).orElseThrow();
      assertThat(Duration.between(read, due)).isGreaterThan(Duration.ofMinutes(54)).isLessThanOrEqualTo(Duration.ofMinutes(66));
    }
  }

  @Test
  void readersOfOneSecretStayTogetherWhenTheyFinishApart() {
    Instant slotDue = RefreshSchedule.nextRefresh(T0, T0, HOUR, "db").orElseThrow();
    Set<Instant> next = new HashSet<>();
    for (int finishedAfterMs : new int[] {50, 900, 4000, 30_000}) {
      next.add(RefreshSchedule.nextRefresh(slotDue, slotDue.plusMillis(finishedAfterMs), HOUR, "db").orElseThrow());
    }
    assertThat(next).hasSize(1);
  }

  @Test
  void secretsSyncedTogetherSplitOverTheTwoSlotsOfTheJitterWindow() {
    java.util.Map<Instant, Integer> perInstant = new java.util.TreeMap<>();
    for (int i = 0; i < 1000; i++) {
      perInstant.merge(RefreshSchedule.nextRefresh(T0, T0, HOUR, "secret-" + i).orElseThrow(), 1, Integer::sum);
    }
    // a slot a full interval after, or the one after that; the coin is redrawn every refresh, so they keep spreading
    assertThat(perInstant).hasSize(2);
    assertThat(perInstant.values()).allSatisfy(n -> assertThat(n).isBetween(400, 600));
  }

  @Test
  void dueTimesFallOnTheSlotGrid() {
    long slotMillis = RefreshSchedule.slot(HOUR).toMillis();
    for (int i = 0; i < 50; i++) {
      Instant read = T0.plusMillis(i * 7_919L);
      assertThat(RefreshSchedule.nextRefresh(read, read, HOUR, "secret-" + i).orElseThrow().toEpochMilli() % slotMillis)
          .isZero();
    }
  }

  @Test
  void sharingWindowIsTheWidthOfTheJitterWindow() {
    assertThat(RefreshSchedule.sharingWindow(HOUR)).isEqualTo(Duration.ofMinutes(12));
    assertThat(RefreshSchedule.sharingWindow(Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(6));
  }

  @Test
  void restartedOperatorComputesTheSameTime() {
    Instant read = T0.plusSeconds(1234);
    assertThat(RefreshSchedule.nextRefresh(read, read, HOUR, "db"))
        .isEqualTo(RefreshSchedule.nextRefresh(read, read, HOUR, "db"));
  }

  @Test
  void aLongOverdueReadIsScheduledFromWhenItHappened() {
    Instant read = T0.plus(Duration.ofDays(2));
    Instant due = RefreshSchedule.nextRefresh(T0, read, HOUR, "db").orElseThrow();
    assertThat(due).isAfter(read.plus(Duration.ofMinutes(53)));
  }

  @Test
  void zeroIntervalSyncsOnce() {
    assertThat(RefreshSchedule.nextRefresh(T0, T0, Duration.ZERO, "db")).isEmpty();
  }

  @Test
  void aDueTimeBeyondAShortenedIntervalIsBroughtForwardAndOneWithinItIsKept() {
    Instant read = T0.plusSeconds(7);
    Instant underSixHours = RefreshSchedule.nextRefresh(read, read, Duration.ofHours(6), "db").orElseThrow();

    Instant shortened = RefreshSchedule.shortened(read, underSixHours, HOUR, () -> "db").orElseThrow();

    assertThat(shortened).isEqualTo(RefreshSchedule.nextRefresh(read, read, HOUR, "db").orElseThrow());
    Instant underOneHour = RefreshSchedule.nextRefresh(read, read, HOUR, "db").orElseThrow();
    assertThat(RefreshSchedule.shortened(read, underOneHour, HOUR, () -> "db")).isEmpty();
    assertThat(RefreshSchedule.shortened(read, underOneHour, Duration.ofHours(6), () -> "db")).as("a longer interval waits")
        .isEmpty();
  }
}
