package io.dbsecrets.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbsecrets.operator.support.AwsProxy;
import io.dbsecrets.operator.support.MotoServer;
import io.dbsecrets.operator.support.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Batching against moto, counted at the wire by a proxy. The aggregation window closes when the test fires the
 * timer, so the number of calls does not depend on how fast the machine lets the readers arrive.
 */
@Tag("slow")
class BatchingSecretSourceTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  MotoServer moto;
  AwsProxy proxy;
  AwsClients clients;
  final ManualTimer timer = new ManualTimer();
  final SettableClock clock = new SettableClock(Instant.parse("2026-01-01T00:00:00Z"));
  final AtomicInteger fallbacks = new AtomicInteger();
  final Map<String, Integer> saved = new ConcurrentHashMap<>();
  final ExecutorService readers = Executors.newCachedThreadPool();
  BatchingSecretSource source;

  @BeforeEach
  void start() {
    moto = MotoServer.shared();
    moto.reset();
    proxy = AwsProxy.in(moto.endpoint());
    clients = proxy.operatorClients();
    source = new BatchingSecretSource(clients, new SecretsManagerSource(clients), Duration.ofMillis(50),
        reason -> fallbacks.incrementAndGet(), timer, clock, (by, reads) -> saved.merge(by, reads, Integer::sum));
  }

  @AfterEach
  void stop() {
    readers.shutdownNow();
    source.close();
    clients.close();
    proxy.close();
  }

  @Test
  void fortyFiveSecretsFallingDueTogetherCostThreeBatchCallsOfAtMostTwenty() throws Exception {
    int secrets = 45;
    IntStream.range(0, secrets).forEach(i -> moto.createSecret("batch/db-" + i, "p" + i));

    List<CompletableFuture<SecretValue>> reads = IntStream.range(0, secrets).mapToObj(i -> read("batch/db-" + i))
        .toList();
    // two full batches leave at once; the last five wait for their window to close
    await().atMost(Duration.ofSeconds(30)).until(() -> proxy.count("BatchGetSecretValue") == 2
        && source.waitingInOpenBatches() == 5);
    timer.fireAll();

    for (int i = 0; i < secrets; i++) {
      assertThat(reads.get(i).get().secretString()).isEqualTo("p" + i);
    }
    assertThat(proxy.count("BatchGetSecretValue")).isEqualTo(3);
    assertThat(proxy.count("GetSecretValue")).isZero();
    // 45 GetSecretValue calls' worth answered by 3 calls
    assertThat(saved).containsExactly(Map.entry(SavedReads.BATCHING, 42));
    for (AwsProxy.Recorded call : proxy.requests("BatchGetSecretValue")) {
      assertThat(JSON.readTree(call.body()).get("SecretIdList").size()).isLessThanOrEqualTo(20);
    }
  }

  @Test
  void deniedBatchApiIsTriedAgainAfterTheReprobeInterval() throws Exception {
    moto.createSecret("batch/db", "p");
    proxy.fail("BatchGetSecretValue", 400, "AccessDeniedException",
        "User is not authorized to perform: secretsmanager:BatchGetSecretValue");

    assertThat(readThroughWindow("batch/db").secretString()).as("a denied batch falls back").isEqualTo("p");
    assertThat(source.fetch(request("batch/db"), Duration.ZERO).secretString()).isEqualTo("p");
    assertThat(proxy.count("BatchGetSecretValue")).as("no batch call within the re-probe interval").isEqualTo(1);
    assertThat(proxy.count("GetSecretValue")).isEqualTo(2);
    assertThat(fallbacks).hasValue(1);

    proxy.heal();
    clock.advance(BatchingSecretSource.REPROBE_AFTER);
    assertThat(readThroughWindow("batch/db").secretString()).isEqualTo("p");
    assertThat(proxy.count("BatchGetSecretValue")).as("the batch API is tried again").isEqualTo(2);
    assertThat(proxy.count("GetSecretValue")).as("and used, once allowed").isEqualTo(2);
  }

  private SecretValue readThroughWindow(String secretId) throws Exception {
    CompletableFuture<SecretValue> read = read(secretId);
    await().atMost(Duration.ofSeconds(30)).until(() -> source.waitingInOpenBatches() == 1);
    timer.fireAll();
    return read.get();
  }

  private CompletableFuture<SecretValue> read(String secretId) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return source.fetch(request(secretId), Duration.ZERO);
      } catch (FetchFailure e) {
        throw new IllegalStateException(e.getMessage());
      }
    }, readers);
  }

  private static SecretRequest request(String secretId) {
    return new SecretRequest(secretId, MotoServer.REGION, null, null, AwsIdentity.operator());
  }
}
