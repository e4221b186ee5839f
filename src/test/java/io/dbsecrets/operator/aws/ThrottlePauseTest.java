package io.dbsecrets.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ThrottlePauseTest {
  private static final long SECOND = Duration.ofSeconds(1).toNanos();
  final ThrottlePause pause = new ThrottlePause();

  @Test
  void requestsGoFreelyUntilAwsThrottles() {
    assertThat(pause.admit(0)).isZero();
    assertThat(pause.admit(1)).isZero();
    assertThat(pause.paused()).isFalse();
  }

  @Test
  void firstThrottledAnswerHoldsEveryRequestBackForTheFirstPause() {
    pause.throttled(0, SECOND);
    assertThat(pause.admit(SECOND)).isEqualTo(ThrottlePause.FIRST.toNanos());
    assertThat(pause.admit(SECOND + ThrottlePause.FIRST.toNanos() - 1)).isEqualTo(1);
  }

  @Test
  void aBurstOfThrottledAnswersToRequestsSentBeforeThePauseCountsOnce() {
    pause.throttled(0, SECOND);
    pause.throttled(0, 2 * SECOND);
    pause.throttled(SECOND / 2, 3 * SECOND);
    assertThat(pause.admit(SECOND + ThrottlePause.FIRST.toNanos())).as("the pause was not extended").isZero();
  }

  @Test
  void afterThePauseOneProbeGoesWhileTheOthersWait() {
    pause.throttled(0, 0);
    long end = ThrottlePause.FIRST.toNanos();
    assertThat(pause.admit(end)).as("the probe").isZero();
    assertThat(pause.admit(end + 1)).as("the others wait for its answer").isPositive();
  }

  @Test
  void throttledProbeDoublesThePauseUpToTheLongest() {
    long now = 0;
    pause.throttled(now, now);
    Duration expected = ThrottlePause.FIRST;
    for (int i = 0; i < 10; i++) {
      now += expected.toNanos();
      assertThat(pause.admit(now)).isZero();
      pause.throttled(now, now + 1);
      expected = expected.multipliedBy(2).compareTo(ThrottlePause.LONGEST) > 0 ? ThrottlePause.LONGEST
          : expected.multipliedBy(2);
      assertThat(pause.admit(now + 1)).isEqualTo(expected.toNanos());
      now += 1;
    }
    assertThat(expected).isEqualTo(ThrottlePause.LONGEST);
  }

  @Test
  void probeAnsweredWithoutThrottlingEndsThePause() {
    pause.throttled(0, 0);
    long end = ThrottlePause.FIRST.toNanos();
    assertThat(pause.admit(end)).isZero();
    pause.answered(end);
    assertThat(pause.paused()).isFalse();
    assertThat(pause.admit(end + 1)).isZero();
    pause.throttled(end + 2, end + 3);
    assertThat(pause.admit(end + 3)).as("a new storm starts from the first pause again")
        .isEqualTo(ThrottlePause.FIRST.toNanos());
  }

  @Test
  void answerToARequestSentBeforeThePauseDoesNotEndIt() {
    pause.throttled(SECOND, 2 * SECOND);
    pause.answered(0);
    assertThat(pause.paused()).isTrue();
  }
}
