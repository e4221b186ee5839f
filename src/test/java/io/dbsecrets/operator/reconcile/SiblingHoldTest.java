package io.dbsecrets.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbsecrets.operator.reconcile.SiblingHold.Step;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SiblingHoldTest {
  private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @Test
  void aRestartDueForNewDataAsksTheSiblingsFirst() {
    assertThat(SiblingHold.next(null, "hash-b", T0, TIMEOUT)).isEqualTo(Step.REQUEST);
    SiblingHold earlier = SiblingHold.settled("hash-a", T0.minusSeconds(60));
    assertThat(SiblingHold.next(earlier, "hash-b", T0, TIMEOUT)).isEqualTo(Step.REQUEST);
  }

  @Test
  void theRestartWaitsUntilTheSiblingsReported() {
    SiblingHold asked = SiblingHold.asked("hash-b", T0);
    assertThat(SiblingHold.next(asked, "hash-b", T0.plusMillis(300), TIMEOUT)).isEqualTo(Step.WAIT);
    assertThat(asked.deadline(TIMEOUT)).isEqualTo(T0.plusSeconds(10));
    assertThat(SiblingHold.next(asked.reportedNow(), "hash-b", T0.plusMillis(400), TIMEOUT))
        .isEqualTo(Step.PROCEED);
  }

  @Test
  void aSiblingThatNeverReportsHoldsTheRestartNoLongerThanTheTimeout() {
    SiblingHold asked = SiblingHold.asked("hash-b", T0);
    assertThat(SiblingHold.next(asked, "hash-b", T0.plus(TIMEOUT).minusMillis(1), TIMEOUT)).isEqualTo(Step.WAIT);
    assertThat(SiblingHold.next(asked, "hash-b", T0.plus(TIMEOUT), TIMEOUT)).isEqualTo(Step.PROCEED);
  }

  @Test
  void aResourceThatSyncedAtAnothersRequestRestartsWithoutAskingInTurn() {
    SiblingHold settled = SiblingHold.settled("hash-b", T0);
    assertThat(SiblingHold.next(settled, "hash-b", T0.plusMillis(1), TIMEOUT)).isEqualTo(Step.PROCEED);
  }

  @Test
  void aSiblingThatJustReadIsNotAskedToReadAgain() {
    assertThat(SiblingHold.justRead(SiblingHold.asked("hash-a", T0), T0.plusSeconds(1))).isTrue();
    assertThat(SiblingHold.justRead(SiblingHold.settled("hash-a", T0), T0.plusSeconds(2))).isTrue();
    assertThat(SiblingHold.justRead(null, T0)).isFalse();
  }

  @Test
  void aSiblingThatReadSecondsBeforeIsAskedAgainItsReadMayPredateTheRotation() {
    // round after round: the sibling read for the last rotation's restart 8 s ago, the next rotation came after
    assertThat(SiblingHold.justRead(SiblingHold.settled("hash-a", T0), T0.plusSeconds(3))).isFalse();
    assertThat(SiblingHold.justRead(SiblingHold.asked("hash-a", T0), T0.plusSeconds(8))).isFalse();
  }
}
