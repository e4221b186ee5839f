package io.dbsecrets.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RefreshScheduleTest {
  static final Instant LAST_SYNC = Instant.parse("2026-11-23T06:00:00.123456Z");
  static final Duration HOUR = Duration.ofHours(1);

  @Test
  void nextRefreshIsTheIntervalGiveOrTakeTenPercent() {
    for (String uid : uids(500)) {
      Instant next = RefreshSchedule.nextRefresh(LAST_SYNC, HOUR, uid).orElseThrow();

      assertThat(next).isBetween(LAST_SYNC.plus(Duration.ofMinutes(54)), LAST_SYNC.plus(Duration.ofMinutes(66)));
    }
  }

  @Test
  void restartedOperatorComputesTheSameTimeAgain() {
    String uid = "5b0c7d3e-8f7a-4d5e-9c1b-2a3f4e5d6c7b";

    assertThat(RefreshSchedule.nextRefresh(Instant.parse(LAST_SYNC.toString()), HOUR, uid))
        .isEqualTo(RefreshSchedule.nextRefresh(LAST_SYNC, HOUR, new String(uid)));
  }

  @Test
  void thousandResourcesSyncedTogetherSpreadOverTheWholeJitterWindow() {
    List<Long> offsetsMillis = new ArrayList<>();
    for (String uid : uids(1000)) {
      Instant next = RefreshSchedule.nextRefresh(LAST_SYNC, HOUR, uid).orElseThrow();
      offsetsMillis.add(Duration.between(LAST_SYNC.plus(HOUR), next).toMillis());
    }
    long sixMinutes = Duration.ofMinutes(6).toMillis();

    assertThat(new HashSet<>(offsetsMillis)).hasSizeGreaterThan(990);
    assertThat(offsetsMillis.stream().mapToLong(Long::longValue).min().orElseThrow()).isLessThan(-sixMinutes * 9 / 10);
    assertThat(offsetsMillis.stream().mapToLong(Long::longValue).max().orElseThrow()).isGreaterThan(sixMinutes * 9 / 10);
    int[] perMinute = new int[12];
    offsetsMillis.forEach(o -> perMinute[(int) Math.floorDiv(o + sixMinutes, 60_000L)]++);
    for (int count : perMinute) {
      assertThat(count).as("resources refreshing in one minute of the window").isBetween(40, 130);
    }
  }

  @Test
  void zeroIntervalMeansSyncOnce() {
    assertThat(RefreshSchedule.nextRefresh(LAST_SYNC, Duration.ZERO, "uid")).isEmpty();
  }

  @Test
  void sharingWindowIsTheWidthOfTheJitterWindow() {
    assertThat(RefreshSchedule.sharingWindow(HOUR)).isEqualTo(Duration.ofMinutes(12));
    assertThat(RefreshSchedule.sharingWindow(Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(6));
  }

  static List<String> uids(int count) {
    Random random = new Random(42);
    List<String> uids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      uids.add(new UUID(random.nextLong(), random.nextLong()).toString());
    }
    return uids;
  }
}
