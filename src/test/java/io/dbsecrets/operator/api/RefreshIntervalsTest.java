package io.dbsecrets.operator.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RefreshIntervalsTest {
  private static final Duration DEFAULT = Duration.ofHours(1);
  private static final Duration MINIMUM = Duration.ofSeconds(10);
  private static final RefreshIntervals INTERVALS = new RefreshIntervals(DEFAULT, MINIMUM);

  @Test
  void anIntervalBelowTheOperatorsMinimumIsRaisedToIt() {
    assertThat(INTERVALS.effective("1ms")).isEqualTo(MINIMUM);
    assertThat(INTERVALS.effective("9.9s")).isEqualTo(MINIMUM);
  }

  @Test
  void anIntervalAtOrAboveTheMinimumIsKept() {
    assertThat(INTERVALS.effective("10s")).isEqualTo(MINIMUM);
    assertThat(INTERVALS.effective("15m")).isEqualTo(Duration.ofMinutes(15));
  }

  @Test
  void zeroStillMeansSyncOnce() {
    assertThat(INTERVALS.effective("0")).isZero();
  }

  @Test
  void noIntervalTakesTheDefaultHeldToTheMinimumToo() {
    assertThat(INTERVALS.effective(null)).isEqualTo(DEFAULT);
    assertThat(new RefreshIntervals(Duration.ofSeconds(1), MINIMUM).effective(null)).isEqualTo(MINIMUM);
  }

  @Test
  void aMalformedIntervalIsAnError() {
    assertThatThrownBy(() -> INTERVALS.effective("soon"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
