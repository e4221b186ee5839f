package io.dbsecrets.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
  @Test
  void transientFailuresRetryAfterFiveSecondsThenDoubling() {
    assertThat(Backoff.after(1, true)).isEqualTo(Duration.ofSeconds(5));
    assertThat(Backoff.after(2, true)).isEqualTo(Duration.ofSeconds(10));
    assertThat(Backoff.after(3, true)).isEqualTo(Duration.ofSeconds(20));
    assertThat(Backoff.after(4, true)).isEqualTo(Duration.ofSeconds(40));
  }

  @Test
  void failuresSomeoneMustFixRetryMoreSlowly() {
    assertThat(Backoff.after(1, false)).isEqualTo(Duration.ofSeconds(30));
    assertThat(Backoff.after(2, false)).isEqualTo(Duration.ofMinutes(1));
    assertThat(Backoff.after(3, false)).isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void delayIsCappedAtTenMinutesHoweverManyFailures() {
    assertThat(Backoff.after(8, true)).isEqualTo(Duration.ofMinutes(10));
    assertThat(Backoff.after(6, false)).isEqualTo(Duration.ofMinutes(10));
    assertThat(Backoff.after(Integer.MAX_VALUE, true)).isEqualTo(Duration.ofMinutes(10));
    assertThat(Backoff.after(Integer.MAX_VALUE, false)).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void zeroFailuresIsTreatedAsTheFirst() {
    assertThat(Backoff.after(0, true)).isEqualTo(Duration.ofSeconds(5));
  }
}
