package io.dbsecrets.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RefreshScheduleTest {
  static final Instant LAST_SYNC = Instant.parse("2026-11-23T06:00:00.123456Z");
  static final Duration HOUR = Duration.ofHours(1);

  @Test
  void nextRefreshIsTheIntervalGiveOrTakeTenPercentRoundedUpToASlot() {
    Duration slot = RefreshSchedule.slot(HOUR);
    for (String uid : uids(500)) {
      Instant next = RefreshSchedule.nextRefresh(LAST_SYNC, HOUR, uid).orElseThrow();

      assertThat(next).isBetween(LAST_SYNC.plus(Duration.ofMinutes(54)),
          LAST_SYNC.plus(Duration.ofMinutes(66)).plus(slot));
    }
  }

  @Test
  void restartedOperatorComputesTheSameTimeAgain() {
    String uid = "5b0c7d3e-8f7a-4d5e-9c1b-2a3f4e5d6c7b";

    assertThat(RefreshSchedule.nextRefresh(Instant.parse(LAST_SYNC.toString()), HOUR, uid))
        .isEqualTo(RefreshSchedule.nextRefresh(LAST_SYNC, HOUR, new String(uid)));
  }

  @Test
  void resourcesSyncedAtDifferentMomentsFallDueOnTheSameSlotGrid() {
    long slotMillis = RefreshSchedule.slot(HOUR).toMillis();
    List<String> uids = uids(50);
    for (int i = 0; i < uids.size(); i++) {
      Instant lastSync = LAST_SYNC.plusMillis(i * 7_919L);

      Instant next = RefreshSchedule.nextRefresh(lastSync, HOUR, uids.get(i)).orElseThrow();

      assertThat(next.toEpochMilli() % slotMillis).isZero();
    }
  }

  @Test
  void thousandResourcesSyncedTogetherSpreadOverEverySlotOfTheJitterWindow() {
    TreeMap<Instant, Integer> perInstant = new TreeMap<>();
    for (String uid : uids(1000)) {
      perInstant.merge(RefreshSchedule.nextRefresh(LAST_SYNC, HOUR, uid).orElseThrow(), 1, Integer::sum);
    }

    List<Integer> busySlots = perInstant.values().stream().filter(n -> n > 10).toList();
    assertThat(busySlots).as("resources per refresh instant").hasSizeGreaterThanOrEqualTo(
        RefreshSchedule.SLOTS_PER_JITTER_WINDOW).allSatisfy(n -> assertThat(n).isBetween(100, 250));
    Duration spread = Duration.between(perInstant.firstKey(), perInstant.lastKey());
    assertThat(spread).isGreaterThanOrEqualTo(Duration.ofMinutes(12).minus(RefreshSchedule.slot(HOUR).multipliedBy(2)));
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
