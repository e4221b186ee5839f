package io.dbsecrets.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbsecrets.operator.api.Durations;
import io.dbsecrets.operator.aws.AwsIdentity;
import io.dbsecrets.operator.aws.CoalescingSecretSource;
import io.dbsecrets.operator.aws.SecretRequest;
import io.dbsecrets.operator.aws.SecretSource;
import io.dbsecrets.operator.aws.SecretValue;
import io.dbsecrets.operator.support.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The periodic refresh as the operator runs it (RefreshSchedule's due time, SyncTrigger's accepted answer age, the
 * CoalescingSecretSource in front of AWS), driven by a settable clock: how often AWS is really read.
 */
class RefreshCadenceTest {
  private static final Duration COALESCE_WINDOW = Duration.ofSeconds(10); // the operator's default
  private static final Duration READ_LATENCY = Duration.ofMillis(80);
  private static final SecretRequest REQUEST = new SecretRequest("payments/db", "us-east-1", null, null,
      AwsIdentity.operator());

  @ParameterizedTest
  @ValueSource(strings = {"1s", "5s", "10s", "15s", "30s", "1m", "1h", "24h"})
  void everyRefreshReadsAwsOncePerInterval(String text) throws Exception {
    Duration interval = Durations.parse(text);
    SettableClock clock = new SettableClock(Instant.parse("2026-11-29T10:00:00.123Z"));
    List<Instant> reads = new ArrayList<>();
    SecretSource aws = (request, maxAge) -> {
      reads.add(clock.instant());
      clock.advance(READ_LATENCY);
      return new SecretValue("arn", "payments/db", "v1", List.of("AWSCURRENT"), "{}", null);
    };
    SecretSource source = new CoalescingSecretSource(aws, clock, Duration.ofMinutes(15));
    String key = REQUEST.fetchKey().toString();

    source.fetch(REQUEST, COALESCE_WINDOW); // first sync
    Instant due = RefreshSchedule.nextRefresh(clock.instant(), clock.instant(), interval, key).orElseThrow();
    int refreshes = 40;
    for (int i = 0; i < refreshes; i++) {
      clock.set(due); // the reschedule fires at the due time
      source.fetch(REQUEST, SyncTrigger.REFRESH_DUE.maxAge(interval, COALESCE_WINDOW));
      due = RefreshSchedule.nextRefresh(due, clock.instant(), interval, key).orElseThrow();
    }

    assertThat(reads).as("one AWS read per refresh").hasSize(refreshes + 1);
    for (int i = 2; i < reads.size(); i++) {
      assertThat(Duration.between(reads.get(i - 1), reads.get(i))).isEqualTo(interval);
    }
  }
}
