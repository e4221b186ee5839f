package io.dbsecrets.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TargetConflictRecheckTest {
  @Test
  void aConflictIsLookedAtAgainWithinTenSecondsHoweverLongItLasted() {
    assertThat(TargetConflictRecheck.next(Optional.of(Backoff.after(12, false)))).contains(Duration.ofSeconds(10));
    assertThat(TargetConflictRecheck.next(Optional.empty())).contains(Duration.ofSeconds(10));
    assertThat(TargetConflictRecheck.next(Optional.of(Duration.ofSeconds(3)))).contains(Duration.ofSeconds(3));
  }
}
