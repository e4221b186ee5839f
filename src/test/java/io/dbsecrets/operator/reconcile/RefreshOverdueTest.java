package io.dbsecrets.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbsecrets.operator.api.ExternalDbSecret;
import io.dbsecrets.operator.api.ExternalDbSecretStatus;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RefreshOverdueTest {
  static final Instant DUE = Instant.parse("2026-11-29T10:00:00Z");
  static final Duration GRACE = Duration.ofMinutes(5);

  @Test
  void refreshIsOverdueOnlyOnceTheGraceAfterTheDueTimePassed() {
    ExternalDbSecret resource = withNextRefresh(DUE.toString());

    assertThat(RefreshOverdue.isOverdue(resource, DUE.plus(GRACE), GRACE)).isFalse();
    assertThat(RefreshOverdue.isOverdue(resource, DUE.plus(GRACE).plusSeconds(1), GRACE)).isTrue();
  }

  @Test
  void resourceWithoutAScheduledRefreshIsNeverOverdue() {
    assertThat(RefreshOverdue.isOverdue(new ExternalDbSecret(), DUE, GRACE)).isFalse();
    assertThat(RefreshOverdue.isOverdue(withNextRefresh(null), DUE, GRACE)).isFalse();
    assertThat(RefreshOverdue.isOverdue(withNextRefresh("soon"), DUE, GRACE)).isFalse();
  }

  private static ExternalDbSecret withNextRefresh(String next) {
    ExternalDbSecret resource = new ExternalDbSecret();
    resource.setStatus(new ExternalDbSecretStatus());
    resource.getStatus().setNextRefreshTime(next);
    return resource;
  }
}
