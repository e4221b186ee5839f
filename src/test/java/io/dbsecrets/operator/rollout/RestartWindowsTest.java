package io.dbsecrets.operator.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbsecrets.operator.api.WorkloadKind;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RestartWindowsTest {
  static final WorkloadRef API = new WorkloadRef("payments", WorkloadKind.Deployment, "api");
  static final WorkloadRef WORKER = new WorkloadRef("payments", WorkloadKind.Deployment, "worker");
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  final RestartWindows windows = new RestartWindows(Duration.ofSeconds(5));

  @Test
  void firstRequestWaitsForTheWindowToClose() {
    RestartWindows.Ticket ticket = windows.join(API, "orders-db", "aaaa", T0);
    assertThat(ticket.claimed()).isFalse();
    assertThat(ticket.closesAt()).isEqualTo(T0.plusSeconds(5));
  }

  @Test
  void resourcesChangingTogetherRestartTheWorkloadOnce() {
    windows.join(API, "orders-db", "aaaa", T0);
    assertThat(windows.join(API, "users-db", "bbbb", T0.plusSeconds(2)).closesAt()).isEqualTo(T0.plusSeconds(5));

    RestartWindows.Ticket first = windows.join(API, "orders-db", "aaaa", T0.plusSeconds(5));
    assertThat(first.claimed()).isTrue();
    assertThat(first.restartFor()).isEqualTo(Map.of("orders-db", "aaaa", "users-db", "bbbb"));

    // the other resource comes back after the restart: a new window (it will find the marker and skip)
    assertThat(windows.join(API, "users-db", "bbbb", T0.plusSeconds(6)).claimed()).isFalse();
  }

  @Test
  void memberThatMissedTheClaimersPatchWaitsToSeeItInsteadOfRestartingAgain() {
    windows.join(API, "orders-db", "aaaa", T0);
    windows.join(API, "users-db", "bbbb", T0.plusSeconds(1));
    assertThat(windows.join(API, "orders-db", "aaaa", T0.plusSeconds(5)).claimed()).isTrue();

    // users-db read the workload before orders-db patched it, and asks again at the same moment
    RestartWindows.Ticket late = windows.join(API, "users-db", "bbbb", T0.plusSeconds(5));
    assertThat(late.claimed()).isFalse();
    assertThat(late.closesAt()).isEqualTo(T0.plusSeconds(5).plus(RestartWindows.RECHECK));
    assertThat(windows.join(API, "users-db", "bbbb", late.closesAt()).claimed()).isFalse();
  }

  @Test
  void claimIsForgottenAfterAWhileAndNewDataOpensAWindowAtOnce() {
    windows.join(API, "orders-db", "aaaa", T0);
    windows.join(API, "users-db", "bbbb", T0.plusSeconds(1));
    windows.join(API, "orders-db", "aaaa", T0.plusSeconds(5));

    assertThat(windows.join(API, "users-db", "dddd", T0.plusSeconds(6)).closesAt()).isEqualTo(T0.plusSeconds(11));
    Instant forgotten = T0.plusSeconds(5).plus(RestartWindows.CLAIM_REMEMBERED);
    RestartWindows other = new RestartWindows(Duration.ofSeconds(5));
    other.join(API, "orders-db", "aaaa", T0);
    other.join(API, "users-db", "bbbb", T0.plusSeconds(1));
    other.join(API, "orders-db", "aaaa", T0.plusSeconds(5));
    assertThat(other.join(API, "users-db", "bbbb", forgotten).closesAt()).isEqualTo(forgotten.plusSeconds(5));
  }

  @Test
  void workloadsHaveWindowsOfTheirOwn() {
    windows.join(API, "orders-db", "aaaa", T0);
    assertThat(windows.join(WORKER, "orders-db", "aaaa", T0.plusSeconds(4)).closesAt())
        .isEqualTo(T0.plusSeconds(9));
  }

  @Test
  void laterChangeOfTheSameResourceReplacesItsEntry() {
    windows.join(API, "orders-db", "aaaa", T0);
    windows.join(API, "orders-db", "cccc", T0.plusSeconds(1));
    assertThat(windows.join(API, "orders-db", "cccc", T0.plusSeconds(5)).restartFor())
        .isEqualTo(Map.of("orders-db", "cccc"));
  }

  @Test
  void abandonedWindowIsNotClaimedByALaterChange() {
    windows.join(API, "deleted-db", "aaaa", T0);
    RestartWindows.Ticket later = windows.join(API, "users-db", "bbbb",
        T0.plusSeconds(5).plus(RestartWindows.ABANDONED_AFTER).plusSeconds(1));
    assertThat(later.claimed()).isFalse();
  }

  @Test
  void zeroWindowRestartsAtOnce() {
    RestartWindows immediate = new RestartWindows(Duration.ZERO);
    assertThat(immediate.join(API, "orders-db", "aaaa", T0).restartFor()).isEqualTo(Map.of("orders-db", "aaaa"));
  }
}
