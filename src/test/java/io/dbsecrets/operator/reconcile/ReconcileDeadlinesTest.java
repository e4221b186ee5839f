package io.dbsecrets.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbsecrets.operator.support.SettableClock;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReconcileDeadlinesTest {
  static final Duration GRACE = Duration.ofMinutes(5);
  final SettableClock clock = new SettableClock(Instant.parse("2026-11-29T10:00:00Z"));
  final ReconcileDeadlines deadlines = new ReconcileDeadlines(clock, Duration.ofMinutes(1));
  final ResourceID db = new ResourceID("db", "payments");

  @Test
  void refreshThatNeverRanIsOverdueOnceTheGracePassed() {
    deadlines.rescheduled(db, Optional.of(Duration.ofMinutes(10)));

    clock.advance(Duration.ofMinutes(15));
    assertThat(deadlines.overdue(GRACE, Set.of(db)::contains)).isZero();
    clock.advance(Duration.ofSeconds(1));
    assertThat(deadlines.overdue(GRACE, Set.of(db)::contains)).isEqualTo(1);
  }

  @Test
  void everyReconcileRenewsThePromise() {
    deadlines.rescheduled(db, Optional.of(Duration.ofMinutes(10)));
    clock.advance(Duration.ofMinutes(10));
    deadlines.rescheduled(db, Optional.of(Duration.ofMinutes(10)));

    clock.advance(Duration.ofMinutes(14));
    assertThat(deadlines.overdue(GRACE, Set.of(db)::contains)).isZero();
  }

  @Test
  void failedReconcilesDuringAnOutageKeepRenewingThePromise() {
    deadlines.rescheduled(db, Optional.of(Duration.ofSeconds(15)));
    for (int retry = 0; retry < 30; retry++) {
      clock.advance(Duration.ofMinutes(1));
      deadlines.retrying(db);
    }

    assertThat(deadlines.overdue(GRACE, Set.of(db)::contains)).isZero();
    clock.advance(Duration.ofMinutes(6).plusSeconds(1));
    assertThat(deadlines.overdue(GRACE, Set.of(db)::contains)).isEqualTo(1);
  }

  @Test
  void resourceWithNothingScheduledOrDeletedIsNeverOverdue() {
    ResourceID gone = new ResourceID("gone", "payments");
    deadlines.rescheduled(db, Optional.of(Duration.ofMinutes(1)));
    deadlines.rescheduled(db, Optional.empty());
    deadlines.rescheduled(gone, Optional.of(Duration.ofMinutes(1)));

    clock.advance(Duration.ofHours(1));
    assertThat(deadlines.overdue(GRACE, Set.of(db)::contains)).isZero();
  }
}
