package io.dbsecrets.operator.health;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HealthReportTest {

  @Test
  void overdueReconcilesWhileTheApiServerIsReachableFailLiveness() {
    HealthReport report = HealthReport.of(true, true, 3, "");

    assertThat(report.live()).isFalse();
    assertThat(report.ready()).isTrue();
    assertThat(report.describe()).contains("overdueReconciles=3");
  }

  @Test
  void unreachableApiServerFailsReadinessButNeverLiveness() {
    assertThat(HealthReport.of(true, false, 0, "").live()).isTrue();
    assertThat(HealthReport.of(true, false, 5, "").live()).isTrue();
    assertThat(HealthReport.of(true, false, 0, "").ready()).isFalse();
  }

  @Test
  void startingOperatorIsLiveButNotReady() {
    HealthReport report = HealthReport.of(false, false, 0, "");

    assertThat(report.live()).isTrue();
    assertThat(report.ready()).isFalse();
  }

  @Test
  void healthyLoopIsLiveAndReady() {
    HealthReport report = HealthReport.of(true, true, 0, "");

    assertThat(report.live()).isTrue();
    assertThat(report.ready()).isTrue();
  }
}
