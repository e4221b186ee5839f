package io.dbsecrets.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbsecrets.operator.aws.ReadAhead.DueRead;
import io.dbsecrets.operator.support.AwsProxy;
import io.dbsecrets.operator.support.MotoServer;
import io.dbsecrets.operator.support.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Reading ahead against moto, counted at the wire: a batch that leaves carries the secrets the fleet reads within
 * the slot, and those reads, when they come, cost no call. The window timer and the clock are the test's.
 */
@Tag("slow")
class ReadAheadTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** What a 60 s refresh accepts: an answer two 6 s slots old. */
  private static final Duration MAX_AGE = Duration.ofSeconds(12);
  MotoServer moto;
  AwsProxy proxy;
  AwsClients clients;
  final ManualTimer timer = new ManualTimer();
  final SettableClock clock = new SettableClock(Instant.parse("2026-01-01T00:00:00Z"));
  final Map<String, Integer> saved = new ConcurrentHashMap<>();
  final List<DueRead> due = new CopyOnWriteArrayList<>();
  final ExecutorService readers = Executors.newCachedThreadPool();
  BatchingSecretSource batching;
  CoalescingSecretSource source;

  @BeforeEach
  void start() {
    moto = MotoServer.shared();
    moto.reset();
    proxy = AwsProxy.in(moto.endpoint());
    clients = proxy.operatorClients();
    SavedReads counted = (by, reads) -> saved.merge(by, reads, Integer::sum);
    ReadAhead readAhead = new ReadAhead(clock);
    batching = new BatchingSecretSource(clients, new SecretsManagerSource(clients), Duration.ofMillis(50),
        reason -> { }, timer, clock, counted, readAhead);
    source = new CoalescingSecretSource(batching, clock, Duration.ofMinutes(15), counted);
    readAhead.answersInto(source);
    readAhead.readsFrom(now -> due.stream().filter(d -> !d.due().isAfter(now.plusSeconds(6))).toList());
  }

  @AfterEach
  void stop() {
    readers.shutdownNow();
    batching.close();
    clients.close();
    proxy.close();
  }

  @Test
  void secretsDueWithinTheSlotRideInTheFirstBatchAndTheirReadsCostNoCall() throws Exception {
    IntStream.range(0, 30).forEach(i -> moto.createSecret("ahead/db-" + i, "p" + i));
    // db-1 .. db-29 fall due over the next 29 s, one a second
    IntStream.range(1, 30).forEach(i -> due.add(new DueRead(request("ahead/db-" + i), clock.instant()
        .plusSeconds(i), MAX_AGE)));

    assertThat(readThroughWindow("ahead/db-0", Duration.ZERO).secretString()).isEqualTo("p0");

    // the batch carried db-0 and what falls due within the 6 s horizon: db-1 .. db-6
    assertThat(proxy.count("BatchGetSecretValue")).isEqualTo(1);
    assertThat(idsOf(proxy.requests("BatchGetSecretValue").get(0))).containsExactly("ahead/db-0", "ahead/db-1",
        "ahead/db-2", "ahead/db-3", "ahead/db-4", "ahead/db-5", "ahead/db-6");
    for (int i = 1; i <= 6; i++) {
      clock.advance(Duration.ofSeconds(1));
      assertThat(source.fetch(request("ahead/db-" + i), MAX_AGE).secretString()).isEqualTo("p" + i);
    }
    assertThat(proxy.count("BatchGetSecretValue")).as("the reads due were answered ahead").isEqualTo(1);
    assertThat(proxy.count("GetSecretValue")).isZero();
    assertThat(saved).containsEntry(SavedReads.SHARING, 6);
  }

  @Test
  void aReadLeavesAtOnceWhenReadsFallDueSoonAndWaitsTheWindowOnlyWhenNoneDo() throws Exception {
    IntStream.range(0, 3).forEach(i -> moto.createSecret("alone/db-" + i, "p" + i));
    // nothing falls due: the read waits for company until the window closes
    CompletableFuture<SecretValue> alone = read("alone/db-0", Duration.ZERO);
    await().atMost(Duration.ofSeconds(30)).until(() -> batching.waitingInOpenBatches() == 1);
    assertThat(proxy.count("BatchGetSecretValue")).isZero();
    timer.fireAll();
    assertThat(alone.get(30, TimeUnit.SECONDS).secretString()).isEqualTo("p0");

    // db-2 falls due in 3 s: a new resource's first read of db-1 leaves with it at once, the window never closed
    due.add(new DueRead(request("alone/db-2"), clock.instant().plusSeconds(3), MAX_AGE));
    assertThat(read("alone/db-1", Duration.ZERO).get(30, TimeUnit.SECONDS).secretString()).isEqualTo("p1");
    assertThat(proxy.count("BatchGetSecretValue")).isEqualTo(2);
    assertThat(idsOf(proxy.requests("BatchGetSecretValue").get(1))).containsExactly("alone/db-1", "alone/db-2");
  }

  @Test
  void aBatchFillsUpToTwentyAndSkipsSecretsWhoseAnswerIsStillFreshWhenDue() throws Exception {
    IntStream.range(0, 25).forEach(i -> moto.createSecret("full/db-" + i, "p" + i));
    assertThat(readThroughWindow("full/db-24", Duration.ZERO).secretString()).isEqualTo("p24");
    // db-24 was read a second ago: at its due time, 3 s from now, that answer is 4 s old, fresh for 12 s
    clock.advance(Duration.ofSeconds(1));
    due.add(new DueRead(request("full/db-24"), clock.instant().plusSeconds(3), MAX_AGE));
    IntStream.range(1, 24).forEach(i -> due.add(new DueRead(request("full/db-" + i), clock.instant(), MAX_AGE)));

    assertThat(readThroughWindow("full/db-0", Duration.ZERO).secretString()).isEqualTo("p0");

    List<String> second = idsOf(proxy.requests("BatchGetSecretValue").get(1));
    assertThat(second).hasSize(BatchingSecretSource.MAX_BATCH).startsWith("full/db-0").doesNotContain("full/db-24");
  }

  @Test
  void aReadAheadThatFailsIsNotKeptAndTheResourceReadsAgain() throws Exception {
    moto.createSecret("fail/db-0", "p0");
    moto.createSecret("fail/db-1", "p1");
    due.add(new DueRead(request("fail/db-1"), clock.instant().plusSeconds(2), MAX_AGE));
    proxy.fail("BatchGetSecretValue", 500, "InternalServiceError", "try again");

    CompletableFuture<SecretValue> failed = read("fail/db-0", Duration.ZERO);
    assertThat(failed).failsWithin(Duration.ofSeconds(30));
    proxy.heal();
    due.clear();
    long calls = proxy.count("BatchGetSecretValue");

    assertThat(readThroughWindow("fail/db-1", MAX_AGE).secretString()).isEqualTo("p1");
    assertThat(proxy.count("BatchGetSecretValue")).as("the failed answer was not kept").isEqualTo(calls + 1);
  }

  @Test
  void whenTheBatchApiIsDeniedAReadClaimedAheadIsReadSinglyNotFailedWithTheDenial() throws Exception {
    moto.createSecret("denied/db-0", "p0");
    moto.createSecret("denied/db-1", "p1");
    due.add(new DueRead(request("denied/db-1"), clock.instant(), MAX_AGE));
    proxy.fail("BatchGetSecretValue", 400, "AccessDeniedException",
        "User is not authorized to perform: secretsmanager:BatchGetSecretValue");
    proxy.delay("BatchGetSecretValue", Duration.ofSeconds(3));

    CompletableFuture<SecretValue> first = read("denied/db-0", Duration.ZERO);
    await().atMost(Duration.ofSeconds(30)).until(() -> proxy.count("BatchGetSecretValue") == 1);
    // the batch claimed db-1 and is waiting for AWS: a resource reading db-1 now (its first sync, say) joins it
    CompletableFuture<SecretValue> joined = read("denied/db-1", MAX_AGE);

    assertThat(first.get(30, TimeUnit.SECONDS).secretString()).isEqualTo("p0");
    assertThat(joined.get(30, TimeUnit.SECONDS).secretString()).as("the value, not the batch API's denial")
        .isEqualTo("p1");
    assertThat(proxy.count("GetSecretValue")).isEqualTo(2);
  }

  private List<String> idsOf(AwsProxy.Recorded call) throws Exception {
    List<String> ids = new ArrayList<>();
    JSON.readTree(call.body()).get("SecretIdList").forEach(n -> ids.add(n.asText()));
    return ids;
  }

  /** A read through the batcher: it leaves at once with reads due soon, else the test closes its window. */
  private SecretValue readThroughWindow(String secretId, Duration maxAge) throws Exception {
    CompletableFuture<SecretValue> read = read(secretId, maxAge);
    await().atMost(Duration.ofSeconds(30)).until(() -> read.isDone() || batching.waitingInOpenBatches() == 1);
    timer.fireAll();
    return read.get();
  }

  private CompletableFuture<SecretValue> read(String secretId, Duration maxAge) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return source.fetch(request(secretId), maxAge);
      } catch (FetchFailure e) {
        throw new IllegalStateException(e.getMessage());
      }
    }, readers);
  }

  private static SecretRequest request(String secretId) {
    return new SecretRequest(secretId, MotoServer.REGION, null, null, AwsIdentity.operator());
  }
}
