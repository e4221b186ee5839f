package io.dbsecrets.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbsecrets.operator.aws.ReadAhead.DueRead;
import io.dbsecrets.operator.support.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * How often the read-ahead walks the fleet for the reads due soon: batches opening within a second share one walk
 * (at N = 20,000 the walks took most of the operator's CPU), and an empty walk is not reused.
 */
class ReadAheadListingTest {
  private static final Duration MAX_AGE = Duration.ofSeconds(12);
  private final SettableClock clock = new SettableClock(Instant.parse("2026-11-29T12:00:00Z"));
  private final AtomicInteger walks = new AtomicInteger();
  private final ReadAhead readAhead = new ReadAhead(clock);

  ReadAheadListingTest() {
    readAhead.answersInto(new CoalescingSecretSource((request, maxAge) -> {
      throw new FetchFailure(FailureReason.AwsError, "not read in this test");
    }, clock, Duration.ofMinutes(15)));
  }

  @Test
  void batchesOpeningWithinASecondShareOneWalkOfTheFleet() {
    List<DueRead> due = IntStream.range(0, 30).mapToObj(i -> new DueRead(request("db-" + i),
        clock.instant().plusSeconds(i % 5), MAX_AGE)).toList();
    readAhead.readsFrom(now -> {
      walks.incrementAndGet();
      return due;
    });

    assertThat(claim()).hasSize(19);
    clock.advance(Duration.ofMillis(400));
    assertThat(claim()).as("the rest of the same listing").hasSize(11);
    assertThat(walks).hasValue(1);

    clock.advance(Duration.ofMillis(600));
    claim();
    assertThat(walks).as("a second later the fleet is walked again").hasValue(2);
  }

  @Test
  void anEmptyWalkIsNotReusedSoAResourceCreatedAMomentLaterHasCompany() {
    List<DueRead> due = new java.util.concurrent.CopyOnWriteArrayList<>();
    readAhead.readsFrom(now -> {
      walks.incrementAndGet();
      return List.copyOf(due);
    });

    assertThat(claim()).isEmpty();
    due.add(new DueRead(request("created"), clock.instant(), MAX_AGE));

    assertThat(claim()).hasSize(1);
    assertThat(walks).hasValue(2);
  }

  private List<CoalescingSecretSource.Claim> claim() {
    return readAhead.claim("us-east-1", AwsIdentity.operator(), Set.of("opening"), BatchingSecretSource.MAX_BATCH - 1);
  }

  private static SecretRequest request(String secretId) {
    return new SecretRequest(secretId, "us-east-1", null, null, AwsIdentity.operator());
  }
}
