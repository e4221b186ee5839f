package io.dbsecrets.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.dbsecrets.operator.support.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CoalescingSecretSourceTest {
  static final SecretRequest REQUEST = new SecretRequest("dev/fcj/momentum", "us-east-1", null, null,
      AwsIdentity.operator());
  static final Duration TEN_SECONDS = Duration.ofSeconds(10);

  final SettableClock clock = new SettableClock(Instant.parse("2026-11-23T07:00:00Z"));
  final FakeSecretsManager aws = new FakeSecretsManager();
  final Map<String, Integer> saved = new ConcurrentHashMap<>();
  final CoalescingSecretSource source = new CoalescingSecretSource(aws, clock, Duration.ofHours(2),
      (by, reads) -> saved.merge(by, reads, Integer::sum));

  @Test
  void concurrentEqualRequestsShareOneAwsCall() throws Exception {
    aws.gate = new CountDownLatch(1);
    List<Thread> readers = new ArrayList<>();
    Map<Thread, Object> results = new ConcurrentHashMap<>();
    Thread first = reader(results, Duration.ZERO);
    first.start();
    assertThat(aws.entered.await(10, TimeUnit.SECONDS)).isTrue();
    for (int i = 0; i < 8; i++) {
      Thread reader = reader(results, i % 2 == 0 ? Duration.ZERO : TEN_SECONDS);
      readers.add(reader);
      reader.start();
    }
    // a reader that called AWS itself would wait on the gate, and count a call
    await().atMost(Duration.ofSeconds(10)).until(() -> readers.stream().allMatch(
        CoalescingSecretSourceTest::waitsForASharedRead));

    aws.gate.countDown();
    first.join(10_000);
    for (Thread reader : readers) {
      reader.join(10_000);
    }

    assertThat(aws.calls).hasValue(1);
    assertThat(saved).containsExactly(Map.entry(SavedReads.SHARING, 8));
    assertThat(results).hasSize(9).allSatisfy((thread, value) -> assertThat(value).isEqualTo(aws.answer));
  }

  @Test
  void freshAnswerIsReusedWithinMaxAgeButNotAfter() throws FetchFailure {
    source.fetch(REQUEST, TEN_SECONDS);
    clock.advance(Duration.ofSeconds(9));

    assertThat(source.fetch(REQUEST, TEN_SECONDS)).isEqualTo(aws.answer);
    assertThat(aws.calls).hasValue(1);

    clock.advance(Duration.ofSeconds(2));
    source.fetch(REQUEST, TEN_SECONDS);
    assertThat(aws.calls).hasValue(2);
  }

  @Test
  void longerMaxAgeAcceptsAnAnswerAShorterOneRefuses() throws FetchFailure {
    source.fetch(REQUEST, TEN_SECONDS);
    clock.advance(Duration.ofMinutes(5));

    source.fetch(REQUEST, Duration.ofMinutes(12));
    assertThat(aws.calls).hasValue(1);
    source.fetch(REQUEST, TEN_SECONDS);
    assertThat(aws.calls).hasValue(2);
  }

  @Test
  void zeroMaxAgeAlwaysCallsAws() throws FetchFailure {
    source.fetch(REQUEST, TEN_SECONDS);

    source.fetch(REQUEST, Duration.ZERO);
    source.fetch(REQUEST, Duration.ZERO);

    assertThat(aws.calls).hasValue(3);
  }

  @Test
  void answerExactlyMaxAgeOldIsNoLongerFresh() throws FetchFailure {
    source.fetch(REQUEST, TEN_SECONDS);
    clock.advance(TEN_SECONDS);

    source.fetch(REQUEST, TEN_SECONDS);

    assertThat(aws.calls).hasValue(2);
  }

  @Test
  void failureIsNotKept() throws FetchFailure {
    aws.failure = new FetchFailure(FailureReason.Throttled, "GetSecretValue for 'dev/fcj/momentum' failed");

    assertThatThrownBy(() -> source.fetch(REQUEST, TEN_SECONDS)).isInstanceOfSatisfying(FetchFailure.class,
        f -> assertThat(f.reason()).isEqualTo(FailureReason.Throttled));

    aws.failure = null;
    assertThat(source.fetch(REQUEST, TEN_SECONDS)).isEqualTo(aws.answer);
    assertThat(aws.calls).hasValue(2);
  }

  @Test
  void failureIsSharedWithReadersThatJoinedTheFailingRead() throws Exception {
    aws.gate = new CountDownLatch(1);
    aws.failure = new FetchFailure(FailureReason.AccessDenied, "GetSecretValue for 'dev/fcj/momentum' failed");
    Map<Thread, Object> results = new ConcurrentHashMap<>();
    Thread first = reader(results, TEN_SECONDS);
    first.start();
    assertThat(aws.entered.await(10, TimeUnit.SECONDS)).isTrue();
    Thread joiner = reader(results, TEN_SECONDS);
    joiner.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> waitsForASharedRead(joiner));

    aws.gate.countDown();
    first.join(10_000);
    joiner.join(10_000);

    assertThat(aws.calls).hasValue(1);
    assertThat(results.values()).hasSize(2).allSatisfy(result -> assertThat(result)
        .isInstanceOfSatisfying(FetchFailure.class, f -> assertThat(f.reason()).isEqualTo(FailureReason.AccessDenied)));
  }

  @Test
  void requestsForDifferentRegionsIdentitiesOrVersionsAreNotShared() throws FetchFailure {
    AwsIdentity role = AwsIdentity.assumedRole("arn:aws:iam::111122223333:role/reader", null, "payments.db", "payments");
    List<SecretRequest> requests = List.of(
        REQUEST,
        new SecretRequest("dev/fcj/momentum", "eu-west-1", null, null, AwsIdentity.operator()),
        new SecretRequest("dev/fcj/momentum", "us-east-1", null, null, role),
        new SecretRequest("dev/fcj/momentum", "us-east-1", null, "AWSPREVIOUS", AwsIdentity.operator()),
        new SecretRequest("dev/fcj/momentum", "us-east-1", "v1", null, AwsIdentity.operator()),
        new SecretRequest("dev/fcj/momentum", "us-east-1", "v2", null, AwsIdentity.operator()),
        new SecretRequest("dev/fcj/other", "us-east-1", null, null, AwsIdentity.operator()));

    for (SecretRequest request : requests) {
      source.fetch(request, Duration.ofHours(1));
    }

    assertThat(aws.calls).hasValue(requests.size());
    assertThat(aws.requests).containsExactlyElementsOf(requests);
  }

  @Test
  void requestsThatReadTheSameVersionShareOneCall() throws FetchFailure {
    source.fetch(new SecretRequest("dev/fcj/momentum", "us-east-1", null, null, AwsIdentity.operator()), TEN_SECONDS);
    source.fetch(new SecretRequest("dev/fcj/momentum", "us-east-1", null, "AWSCURRENT", AwsIdentity.operator()),
        TEN_SECONDS);

    assertThat(aws.calls).hasValue(1);
  }

  /** Parked on another thread's read, not in an AWS call of its own. */
  static boolean waitsForASharedRead(Thread thread) {
    List<String> frames = Arrays.stream(thread.getStackTrace()).map(StackTraceElement::getClassName).toList();
    return thread.getState() == Thread.State.WAITING && frames.contains(CompletableFuture.class.getName())
        && !frames.contains(FakeSecretsManager.class.getName());
  }

  Thread reader(Map<Thread, Object> results, Duration maxAge) {
    return new Thread(() -> {
      Object result;
      try {
        result = source.fetch(REQUEST, maxAge);
      } catch (FetchFailure | RuntimeException e) {
        result = e;
      }
      results.put(Thread.currentThread(), result);
    });
  }

  /** Our own SecretSource interface, answered in memory; a gate holds a call open while others arrive. */
  static final class FakeSecretsManager implements SecretSource {
    final SecretValue answer = SecretValue.ofString("arn:aws:secretsmanager:us-east-1:111122223333:secret:dev-AbC",
        "dev/fcj/momentum", "v1", List.of("AWSCURRENT"), "{\"password\":\"hunter2\"}");
    final AtomicInteger calls = new AtomicInteger();
    final List<SecretRequest> requests = new CopyOnWriteArrayList<>();
    final CountDownLatch entered = new CountDownLatch(1);
    volatile CountDownLatch gate;
    volatile FetchFailure failure;

    @Override
    public SecretValue fetch(SecretRequest request, Duration maxAge) throws FetchFailure {
      calls.incrementAndGet();
      requests.add(request);
      entered.countDown();
      if (gate != null) {
        try {
          if (!gate.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("test never opened the gate");
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
      if (failure != null) {
        throw failure;
      }
      return answer;
    }
  }
}
