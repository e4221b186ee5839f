package io.dbsecrets.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class RefreshScheduleTest {
  private static final Duration HOUR = Duration.ofHours(1);
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void theFirstRefreshAfterASyncIsHalfToOneAndAHalfIntervalsLater() {
    for (int i = 0; i < 2000; i++) {
      Instant read = T0.plusMillis(i * 7919L);
      Instant due = RefreshSchedule.nextRefresh(read, read, HOUR, "secret-" + i).orElseThrow();
      assertThat(Duration.between(read, due)).isGreaterThan(Duration.ofMinutes(30))
          .isLessThanOrEqualTo(Duration.ofMinutes(90));
    }
  }

  @Test
  void periodicRefreshesOfASecretAreExactlyOneIntervalApart() {
    Instant due = RefreshSchedule.nextRefresh(T0, T0, HOUR, "db").orElseThrow();
    for (int i = 0; i < 20; i++) {
      Instant next = RefreshSchedule.nextRefresh(due, due.plusSeconds(3), HOUR, "db").orElseThrow();
      assertThat(Duration.between(due, next)).isEqualTo(HOUR);
      due = next;
    }
  }

  @Test
  void readersOfOneSecretSyncedFarApartAreDueTogether() {
    // a cold start of thousands of resources syncs the readers of one secret minutes apart; their refreshes must
    // still coincide, or the secret is read once per group of readers instead of once per interval
    // (their first refreshes may lie a cycle apart; every refresh after is one interval later, so they meet)
    Set<Long> dueWithinTheHour = new HashSet<>();
    for (long syncedAfterSeconds : new long[] {0, 1, 7, 40, 300, 1500}) {
      Instant read = T0.plusSeconds(syncedAfterSeconds);
      Instant first = RefreshSchedule.nextRefresh(read, read, HOUR, "db").orElseThrow();
      dueWithinTheHour.add(first.toEpochMilli() % HOUR.toMillis());
    }
    assertThat(dueWithinTheHour).hasSize(1);
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
  void secretsSyncedTogetherSpreadEvenlyOverTheCycle() {
    Map<Long, Integer> perTenth = new TreeMap<>();
    for (int i = 0; i < 1000; i++) {
      Instant due = RefreshSchedule.nextRefresh(T0, T0, HOUR, "bench/db-" + i).orElseThrow();
      perTenth.merge(Duration.between(T0, due).minus(HOUR.dividedBy(2)).toMillis() / HOUR.dividedBy(10).toMillis(),
          1, Integer::sum);
    }
    assertThat(perTenth).hasSize(10);
    assertThat(perTenth.values()).allSatisfy(n -> assertThat(n).isBetween(70, 130));
  }

  @Test
  void sharingWindowIsAFifthOfTheIntervalAndReadAheadStaysInsideIt() {
    assertThat(RefreshSchedule.sharingWindow(HOUR)).isEqualTo(Duration.ofMinutes(12));
    assertThat(RefreshSchedule.sharingWindow(Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(6));
    assertThat(RefreshSchedule.readAheadHorizon(Duration.ofSeconds(60))).isEqualTo(Duration.ofSeconds(9));
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
    assertThat(due).isAfter(read.plus(Duration.ofMinutes(30))).isBefore(read.plus(Duration.ofMinutes(91)));
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
