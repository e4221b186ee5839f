package io.dbsecrets.operator.aws;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.model.APIErrorType;
import software.amazon.awssdk.services.secretsmanager.model.BatchGetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.SecretValueEntry;

/**
 * Reads secrets that fall due together with one BatchGetSecretValue per 20, grouped by region and identity: a
 * request leaves at once with the fleet's reads that fall due soon ({@link ReadAhead}), or, when none is left to
 * read, waits up to the aggregation window for others to join it. Only the current version can be batched;
 * pinned versions and other stages go to GetSecretValue. If the batch API is denied (the IAM permission is
 * missing), the group falls back to GetSecretValue, with a log line and a metric, and no sync fails; it tries the
 * batch API again after {@link #REPROBE_AFTER}, so a short denial (a policy being rolled out) does not cost single
 * reads until the operator restarts.
 */
public class BatchingSecretSource implements SecretSource, AutoCloseable {
  public static final int MAX_BATCH = 20;
  /** How long a group reads singly after a denial before it tries the batch API again. */
  public static final Duration REPROBE_AFTER = Duration.ofMinutes(10);
  private static final Logger log = LoggerFactory.getLogger(BatchingSecretSource.class);

  /** Told when a group gives up on the batch API. */
  @FunctionalInterface
  public interface FallbackListener {
    void onFallback(String reason);
  }

  private final AwsClients clients;
  private final SecretSource single;
  private final Duration window;
  private final FallbackListener fallbackListener;
  private final WindowTimer timer;
  private final AutoCloseable ownTimer;
  private final Clock clock;
  private final SavedReads saved;
  private final ReadAhead readAhead;
  private final Map<GroupKey, Batch> open = new HashMap<>();
  private final Map<GroupKey, Instant> batchDeniedAt = new ConcurrentHashMap<>();

  public BatchingSecretSource(AwsClients clients, SecretSource single, Duration window,
                              FallbackListener fallbackListener, Clock clock, SavedReads saved) {
    this(clients, single, window, fallbackListener, WindowTimer.daemon(), clock, saved, new ReadAhead(clock));
  }

  /** Filling each batch with the fleet's reads that fall due soon ({@link ReadAhead}). */
  public BatchingSecretSource(AwsClients clients, SecretSource single, Duration window,
                              FallbackListener fallbackListener, Clock clock, SavedReads saved, ReadAhead readAhead) {
    this(clients, single, window, fallbackListener, WindowTimer.daemon(), clock, saved, readAhead);
  }

  /** With a timer of the caller's: closing this source does not close it, unless it is {@link WindowTimer#daemon()}. */
  BatchingSecretSource(AwsClients clients, SecretSource single, Duration window, FallbackListener fallbackListener,
                       WindowTimer timer, Clock clock, SavedReads saved) {
    this(clients, single, window, fallbackListener, timer, clock, saved, new ReadAhead(clock));
  }

  BatchingSecretSource(AwsClients clients, SecretSource single, Duration window, FallbackListener fallbackListener,
                       WindowTimer timer, Clock clock, SavedReads saved, ReadAhead readAhead) {
    this.readAhead = readAhead;
    this.clients = clients;
    this.single = single;
    this.window = window;
    this.fallbackListener = fallbackListener;
    this.timer = timer;
    this.ownTimer = timer instanceof WindowTimer.Daemon daemon ? daemon : () -> {};
    this.clock = clock;
    this.saved = saved;
  }

  @Override
  public SecretValue fetch(SecretRequest request, Duration maxAge) throws FetchFailure {
    GroupKey group = new GroupKey(request.region(), request.identity());
    if (!request.readsCurrentVersion() || readsSingly(group)) {
      return single.fetch(request, maxAge);
    }
    Batch leaving = null;
    CompletableFuture<SecretValue> answer = new CompletableFuture<>();
    synchronized (open) {
      Batch batch = open.get(group);
      if (batch == null) {
        batch = new Batch(group);
        batch.add(request, answer);
        // the fleet's reads due soon are company enough: leave now rather than wait out the window for requests
        // that may never come (a new resource's first read waited the whole window for nothing)
        batch.ahead.addAll(readAhead.claim(group.region(), group.identity(), Set.of(request.secretId()),
            MAX_BATCH - 1));
        if (batch.ahead.isEmpty()) {
          open.put(group, batch);
          Batch waiting = batch;
          timer.after(window, () -> flushIfOpen(waiting));
        } else {
          leaving = batch;
        }
      } else {
        batch.add(request, answer);
        if (batch.secretIds().size() >= MAX_BATCH) {
          open.remove(group);
          leaving = batch;
        }
      }
    }
    if (leaving != null) {
      flush(leaving);
    }
    return SharedReads.await(answer, "a batched AWS read");
  }

  /** Whether the group is within {@link #REPROBE_AFTER} of a denial of the batch API. */
  private boolean readsSingly(GroupKey group) {
    Instant denied = batchDeniedAt.get(group);
    if (denied == null) {
      return false;
    }
    if (clock.instant().isBefore(denied.plus(REPROBE_AFTER))) {
      return true;
    }
    if (batchDeniedAt.remove(group, denied)) {
      log.info("trying BatchGetSecretValue in {} again, {} after it was denied", group.region(), REPROBE_AFTER);
    }
    return false;
  }

  /** Requests waiting in batches not yet sent. */
  int waitingInOpenBatches() {
    synchronized (open) {
      return open.values().stream().mapToInt(b -> b.waiting.size()).sum();
    }
  }

  private void flushIfOpen(Batch batch) {
    synchronized (open) {
      if (open.get(batch.group) != batch) {
        return;
      }
      open.remove(batch.group);
    }
    flush(batch);
  }

  private void flush(Batch batch) {
    List<String> ids = new ArrayList<>(batch.secretIds());
    List<CoalescingSecretSource.Claim> ahead = new ArrayList<>(batch.ahead);
    ahead.forEach(claim -> ids.add(claim.request().secretId()));
    if (batch.ahead.isEmpty()) {
      // it waited the window: reads may have fallen due meanwhile (a batch that left at once claimed them already)
      List<CoalescingSecretSource.Claim> more = readAhead.claim(batch.group.region(), batch.group.identity(),
          Set.copyOf(ids), MAX_BATCH - ids.size());
      more.forEach(claim -> ids.add(claim.request().secretId()));
      ahead.addAll(more);
    }
    BatchGetSecretValueResponse response;
    try {
      response = clients.secretsManager(batch.group.region(), batch.group.identity())
          .batchGetSecretValue(b -> b.secretIdList(ids));
    } catch (SdkException e) {
      FetchFailure failure = AwsErrors.classify("BatchGetSecretValue", ids.size() + " secrets", batch.group.region(), e);
      if (failure.reason() == FailureReason.AccessDenied) {
        // resources may have joined a read claimed ahead (a first sync, say): the batch API's denial is not theirs
        ahead.forEach(this::readSingly);
        batchDeniedAt.put(batch.group, clock.instant());
        fallbackListener.onFallback("AccessDenied");
        log.warn("BatchGetSecretValue denied in {} ({}); reading secrets one by one with GetSecretValue for the "
            + "next {}. Grant secretsmanager:BatchGetSecretValue to the operator's role to cut AWS calls.",
            batch.group.region(), failure.getMessage(), REPROBE_AFTER);
        batch.waiting.forEach(this::readSingly);
      } else {
        ahead.forEach(claim -> claim.fail(failure));
        batch.waiting.forEach(w -> w.answer().completeExceptionally(failure));
      }
      return;
    }
    int answered = 0;
    for (Waiting w : batch.waiting) {
      Optional<SecretValue> value = valueOf(response, w.request().secretId());
      Optional<FetchFailure> error = errorOf(response, w.request().secretId(), batch.group.region());
      if (value.isPresent() || error.isPresent()) {
        answered++;
      }
      if (value.isPresent()) {
        w.answer().complete(value.get());
      } else if (error.isPresent()) {
        w.answer().completeExceptionally(error.get());
      } else {
        readSingly(w);
      }
    }
    // read ahead: a resource taking the answer later counts as a read saved by sharing, not here
    for (CoalescingSecretSource.Claim claim : ahead) {
      String id = claim.request().secretId();
      Optional<SecretValue> value = valueOf(response, id);
      if (value.isPresent()) {
        claim.answer(value.get());
      } else {
        claim.fail(errorOf(response, id, batch.group.region()).orElseGet(() -> new FetchFailure(
            FailureReason.AwsError, "BatchGetSecretValue in " + batch.group.region() + " did not answer for '" + id
                + "'")));
      }
    }
    if (answered > 1) {
      // one call answered (with a value or an error) what would have been one GetSecretValue each
      saved.saved(SavedReads.BATCHING, answered - 1);
    }
  }

  private static Optional<SecretValue> valueOf(BatchGetSecretValueResponse response, String secretId) {
    return response.secretValues().stream().filter(v -> names(secretId, v.name(), v.arn())).findFirst()
        .map(v -> new SecretValue(v.arn(), v.name(), v.versionId(), v.versionStages(), v.secretString(),
            v.secretBinary() == null ? null : v.secretBinary().asByteArray()));
  }

  private static Optional<FetchFailure> errorOf(BatchGetSecretValueResponse response, String secretId,
                                                String region) {
    return response.errors().stream().filter(err -> secretId.equals(err.secretId())).findFirst()
        .map(err -> new FetchFailure(AwsErrors.reasonForCode(err.errorCode(), err.message(), false),
            "BatchGetSecretValue for '" + secretId + "' in " + region + " failed: " + err.errorCode() + " ("
                + err.message() + ")"));
  }

  private void readSingly(Waiting w) {
    try {
      w.answer().complete(single.fetch(w.request(), Duration.ZERO));
    } catch (FetchFailure failure) {
      w.answer().completeExceptionally(failure);
    } catch (RuntimeException e) {
      w.answer().completeExceptionally(e);
    }
  }

  private void readSingly(CoalescingSecretSource.Claim claim) {
    try {
      claim.answer(single.fetch(claim.request(), Duration.ZERO));
    } catch (FetchFailure failure) {
      claim.fail(failure);
    } catch (RuntimeException e) {
      claim.fail(new FetchFailure(FailureReason.AwsError, "GetSecretValue for '" + claim.request().secretId()
          + "' failed: " + e.getClass().getSimpleName()));
    }
  }

  /** A secret ID names an entry by its name, its full ARN, or its ARN without the random suffix. */
  static boolean names(String secretId, String name, String arn) {
    return secretId.equals(name) || secretId.equals(arn)
        || arn != null && secretId.startsWith("arn:") && arn.startsWith(secretId + "-");
  }


  @Override
  public void close() {
    try {
      ownTimer.close();
    } catch (Exception e) {
      throw new IllegalStateException("stopping the batch timer failed", e);
    }
  }

  private record GroupKey(String region, AwsIdentity identity) {}

  private record Waiting(SecretRequest request, CompletableFuture<SecretValue> answer) {}

  private static final class Batch {
    final GroupKey group;
    final List<Waiting> waiting = new ArrayList<>();
    /** Reads claimed for the fleet when the batch opened. */
    final List<CoalescingSecretSource.Claim> ahead = new ArrayList<>();

    Batch(GroupKey group) {
      this.group = group;
    }

    void add(SecretRequest request, CompletableFuture<SecretValue> answer) {
      waiting.add(new Waiting(request, answer));
    }

    Set<String> secretIds() {
      Set<String> ids = new LinkedHashSet<>();
      waiting.forEach(w -> ids.add(w.request().secretId()));
      return ids;
    }
  }
}
