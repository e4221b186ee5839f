package io.dbsecrets.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.javaoperatorsdk.operator.processing.retry.RetryExecution;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReconcileRetryTest {

  @Test
  void neverGivesUpAndDoublesUpToTheCap() {
    RetryExecution retry = ReconcileRetry.of(Duration.ofSeconds(2), Duration.ofMinutes(1)).initExecution();

    List<Long> delays = new ArrayList<>();
    for (int attempt = 0; attempt < 1000; attempt++) {
      delays.add(retry.nextDelay().orElseThrow());
      assertThat(retry.isLastAttempt()).isFalse();
    }

    // JOSDK waits the initial interval twice before it starts doubling
    assertThat(delays.subList(0, 8)).containsExactly(2000L, 2000L, 4000L, 8000L, 16000L, 32000L, 60000L, 60000L);
    assertThat(delays.get(999)).isEqualTo(60000L);
  }

  @Test
  void intervalsMustBePositiveAndOrdered() {
    assertThatThrownBy(() -> ReconcileRetry.of(Duration.ZERO, Duration.ofMinutes(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ReconcileRetry.of(Duration.ofMinutes(2), Duration.ofMinutes(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
