package io.dbsecrets.operator.aws;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lets requests for the same secret share one AWS call: a request joins a read already under way for an equal
 * {@link SecretRequest#fetchKey()}, or takes a finished answer no older than the {@code maxAge} it accepts.
 * Failures are shared only while in flight, never kept.
 */
public class CoalescingSecretSource implements SecretSource {
  private final SecretSource delegate;
  private final Clock clock;
  private final Duration retention;
  private final SavedReads saved;
  private final ConcurrentHashMap<SecretRequest.FetchKey, CompletableFuture<Fetched>> reads = new ConcurrentHashMap<>();
  private volatile Instant lastPurge;

  public CoalescingSecretSource(SecretSource delegate, Clock clock, Duration retention) {
    this(delegate, clock, retention, SavedReads.NONE);
  }

  public CoalescingSecretSource(SecretSource delegate, Clock clock, Duration retention, SavedReads saved) {
    this.delegate = delegate;
    this.saved = saved;
    this.clock = clock;
    this.retention = retention;
    this.lastPurge = clock.instant();
  }

  @Override
  public SecretValue fetch(SecretRequest request, Duration maxAge) throws FetchFailure {
    SecretRequest.FetchKey key = request.fetchKey();
    while (true) {
      CompletableFuture<Fetched> current = reads.get(key);
      if (current != null && (!current.isDone() || isFreshSuccess(current, maxAge))) {
        SecretValue shared = SharedReads.await(current, "a shared AWS read").value();
        saved.saved(SavedReads.SHARING, 1);
        return shared;
      }
      CompletableFuture<Fetched> mine = new CompletableFuture<>();
      boolean won = current == null ? reads.putIfAbsent(key, mine) == null : reads.replace(key, current, mine);
      if (won) {
        return readInto(mine, key, request, maxAge);
      }
    }
  }

  private SecretValue readInto(CompletableFuture<Fetched> mine, SecretRequest.FetchKey key, SecretRequest request,
                               Duration maxAge) throws FetchFailure {
    try {
      SecretValue value = delegate.fetch(request, maxAge);
      mine.complete(new Fetched(value, clock.instant()));
      purgeOld();
      return value;
    } catch (FetchFailure | RuntimeException e) {
      reads.remove(key, mine);
      mine.completeExceptionally(e);
      throw e;
    }
  }

  /**
   * Claims the read of {@code request} for a batch about to leave on behalf of requests still to come: until the
   * claim is answered, requests for the secret join it instead of calling AWS.
   *
   * @return empty when a read is in flight already, or an answer will still be fresh at {@code due} for a request
   *     accepting {@code maxAge}
   */
  Optional<Claim> claim(SecretRequest request, Instant due, Duration maxAge) {
    SecretRequest.FetchKey key = request.fetchKey();
    CompletableFuture<Fetched> current = reads.get(key);
    if (current != null && (!current.isDone() || freshAt(current, due, maxAge))) {
      return Optional.empty();
    }
    CompletableFuture<Fetched> mine = new CompletableFuture<>();
    boolean won = current == null ? reads.putIfAbsent(key, mine) == null : reads.replace(key, current, mine);
    return won ? Optional.of(new Claim(request, key, mine)) : Optional.empty();
  }

  /** A read claimed by {@link #claim}: answer or fail it exactly once. */
  final class Claim {
    private final SecretRequest request;
    private final SecretRequest.FetchKey key;
    private final CompletableFuture<Fetched> read;

    private Claim(SecretRequest request, SecretRequest.FetchKey key, CompletableFuture<Fetched> read) {
      this.request = request;
      this.key = key;
      this.read = read;
    }

    SecretRequest request() {
      return request;
    }

    void answer(SecretValue value) {
      read.complete(new Fetched(value, clock.instant()));
    }

    /** Failures are not kept: requests that joined meanwhile get it, later ones read again. */
    void fail(FetchFailure failure) {
      reads.remove(key, read);
      read.completeExceptionally(failure);
    }
  }

  private boolean freshAt(CompletableFuture<Fetched> read, Instant due, Duration maxAge) {
    return !read.isCompletedExceptionally() && read.join().at().plus(maxAge).isAfter(due);
  }

  private boolean isFreshSuccess(CompletableFuture<Fetched> read, Duration maxAge) {
    if (read.isCompletedExceptionally()) {
      return false;
    }
    // strictly younger than maxAge: an answer from this very instant must not satisfy maxAge zero
    Fetched fetched = read.join();
    return fetched.at().plus(maxAge).isAfter(clock.instant());
  }


  /** Drops answers older than the retention, so secret material does not linger in memory. */
  private void purgeOld() {
    Instant now = clock.instant();
    if (lastPurge.plus(Duration.ofSeconds(30)).isAfter(now)) {
      return;
    }
    lastPurge = now;
    Instant oldest = now.minus(retention);
    reads.entrySet().removeIf(e -> e.getValue().isDone() && !e.getValue().isCompletedExceptionally()
        && e.getValue().join().at().isBefore(oldest));
  }

  private record Fetched(SecretValue value, Instant at) {}
}
