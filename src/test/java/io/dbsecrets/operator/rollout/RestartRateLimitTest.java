package io.dbsecrets.operator.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbsecrets.operator.api.WorkloadKind;
import io.dbsecrets.operator.rollout.WorkloadResult.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RestartRateLimitTest {
  private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");
  private static final Duration TEN_MINUTES = Duration.ofMinutes(10);
  private static final Map<String, String> RESTARTED_AT_T0 = Map.of(RestartMarker.RESTARTED_AT_ANNOTATION,
      T0.toString());

  @Test
  void aWorkloadRestartedLessThanTheIntervalAgoIsHeldUntilTheIntervalHasPassed() {
    assertThat(RestartRateLimit.heldUntil(RESTARTED_AT_T0, TEN_MINUTES, T0.plusSeconds(60)))
        .contains(T0.plus(TEN_MINUTES));
    assertThat(RestartRateLimit.heldUntil(RESTARTED_AT_T0, TEN_MINUTES, T0.plus(TEN_MINUTES))).isEmpty();
  }

  @Test
  void noLimitANeverRestartedWorkloadOrAnUnreadableTimeRestartsAtOnce() {
    assertThat(RestartRateLimit.heldUntil(RESTARTED_AT_T0, Duration.ZERO, T0.plusSeconds(1))).isEmpty();
    assertThat(RestartRateLimit.heldUntil(Map.of(), TEN_MINUTES, T0)).isEmpty();
    assertThat(RestartRateLimit.heldUntil(Map.of(RestartMarker.RESTARTED_AT_ANNOTATION, "yesterday"), TEN_MINUTES,
        T0)).isEmpty();
  }

  @Test
  void aRestartTimeInTheFutureHoldsARestartForAtMostOneInterval() {
    Map<String, String> future = Map.of(RestartMarker.RESTARTED_AT_ANNOTATION, T0.plus(Duration.ofDays(1)).toString());
    assertThat(RestartRateLimit.heldUntil(future, TEN_MINUTES, T0)).contains(T0.plus(TEN_MINUTES));
  }

  @Test
  void aHeldRestartIsReportedWithWhenItWillHappen() {
    WorkloadRef api = new WorkloadRef("ns", WorkloadKind.Deployment, "api");
    RolloutSummary summary = RolloutSummary.of(List.of(WorkloadResult.rateLimited(api, T0.plus(TEN_MINUTES))),
        "db", T0);
    assertThat(summary.complete()).isFalse();
    assertThat(summary.reason()).isEqualTo(RolloutSummary.RATE_LIMITED);
    assertThat(summary.message()).contains("Deployment/api at " + T0.plus(TEN_MINUTES));
    assertThat(summary.retryAt()).contains(T0.plus(TEN_MINUTES));
    assertThat(Outcome.RATE_LIMITED.label()).isEqualTo("rate_limited");
  }
}
