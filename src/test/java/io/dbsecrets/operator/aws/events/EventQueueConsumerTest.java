package io.dbsecrets.operator.aws.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dbsecrets.operator.support.EventQueue;
import io.dbsecrets.operator.support.MotoServer;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The consumer against SQS as moto serves it, events arriving through moto's EventBridge. The reconciler's side
 * is a sink whose deliveries the test completes, so what is deleted when is the consumer's doing alone.
 */
@Tag("slow")
class EventQueueConsumerTest {
  private static final String ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-a1b2c3";
  private static MotoServer moto;
  private EventQueue queue;
  private EventQueueConsumer consumer;
  private final List<SecretEvent> delivered = new CopyOnWriteArrayList<>();
  private final List<CompletableFuture<Integer>> deliveries = new CopyOnWriteArrayList<>();
  private final Counts counts = new Counts();

  /** Counts what the consumer reports, as the metrics do. */
  private static final class Counts implements EventQueueListener {
    final AtomicInteger received = new AtomicInteger();
    final AtomicInteger receiveFailures = new AtomicInteger();
    final Map<Outcome, AtomicInteger> outcomes = new ConcurrentHashMap<>();

    @Override
    public void received() {
      received.incrementAndGet();
    }

    @Override
    public void handled(Outcome outcome) {
      outcomes.computeIfAbsent(outcome, o -> new AtomicInteger()).incrementAndGet();
    }

    @Override
    public void receiveFailed() {
      receiveFailures.incrementAndGet();
    }

    int of(Outcome outcome) {
      AtomicInteger n = outcomes.get(outcome);
      return n == null ? 0 : n.get();
    }
  }

  @BeforeAll
  static void emptyMoto() {
    moto = MotoServer.shared();
    moto.reset();
  }

  @BeforeEach
  void createQueue() {
    queue = new EventQueue(moto.endpoint());
  }

  @AfterEach
  void stop() {
    if (consumer != null) {
      consumer.close();
    }
    queue.close();
  }

  private void consume(String url, Duration handleTimeout) {
    consume(moto.endpoint(), url, handleTimeout);
  }

  private void consume(URI endpoint, String url, Duration handleTimeout) {
    SqsClient sqs = SqsClient.builder().endpointOverride(endpoint).region(Region.of(MotoServer.REGION))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("op", "op"))).build();
    consumer = new EventQueueConsumer(sqs, QueueUrl.parse(url, MotoServer.REGION), (event, received) -> {
      delivered.add(event);
      CompletableFuture<Integer> handled = new CompletableFuture<>();
      deliveries.add(handled);
      return handled;
    }, counts, Clock.systemUTC(), handleTimeout, Duration.ofMillis(20), EventQueueConsumer.LONG_POLL);
    consumer.start();
  }

  @Test
  void anEventIsHandedOnAndItsMessageDeletedOnlyOnceItsResourcesWereSynced() {
    consume(queue.url(), Duration.ofMinutes(1));
    queue.labelUpdated(ARN, "prod/db", "v2");

    await().atMost(Duration.ofSeconds(10)).until(() -> delivered.size() == 1);
    assertThat(delivered.get(0)).isEqualTo(new SecretEvent(ARN, "prod/db", "us-east-1", "123456789012", "v2",
        SecretEvent.Kind.LABEL_UPDATED));
    assertThat(queue.messages()).isEqualTo(1);

    deliveries.get(0).complete(3);

    await().atMost(Duration.ofSeconds(10)).until(() -> queue.messages() == 0);
    assertThat(counts.of(EventQueueListener.Outcome.MATCHED)).isEqualTo(1);
    assertThat(counts.received).hasValue(1);
  }

  @Test
  void anEventNoResourceReadsIsDeletedAndCountedUnmatched() {
    consume(queue.url(), Duration.ofMinutes(1));
    queue.labelUpdated(ARN, "prod/db", "v2");
    await().atMost(Duration.ofSeconds(10)).until(() -> delivered.size() == 1);

    deliveries.get(0).complete(0);

    await().atMost(Duration.ofSeconds(10)).until(() -> queue.messages() == 0);
    assertThat(counts.of(EventQueueListener.Outcome.UNMATCHED)).isEqualTo(1);
  }

  @Test
  void malformedAndUnrelatedMessagesAreDeletedAndCountedWithoutReachingTheReconciler() {
    consume(queue.url(), Duration.ofMinutes(1));
    queue.send("this is not json");
    queue.send("{\"source\":\"aws.s3\",\"detail-type\":\"Object Created\",\"region\":\"us-east-1\",\"detail\":{}}");

    await().atMost(Duration.ofSeconds(10)).until(() -> counts.received.get() == 2 && queue.messages() == 0);
    assertThat(counts.of(EventQueueListener.Outcome.MALFORMED)).isEqualTo(1);
    assertThat(counts.of(EventQueueListener.Outcome.UNRELATED)).isEqualTo(1);
    assertThat(delivered).isEmpty();
  }

  @Test
  void anEventNotHandledInTimeStaysOnTheQueue() {
    consume(queue.url(), Duration.ofMillis(200));
    queue.labelUpdated(ARN, "prod/db", "v2");

    await().atMost(Duration.ofSeconds(10)).until(() -> counts.of(EventQueueListener.Outcome.FAILED) == 1);
    assertThat(queue.messages()).isEqualTo(1);
  }

  @Test
  void anUnreachableQueueIsRetriedWithoutEndingTheConsumer() {
    // nothing listens on port 9
    consume(URI.create("http://127.0.0.1:9"), queue.url(), Duration.ofMinutes(1));

    await().atMost(Duration.ofSeconds(10)).until(() -> counts.receiveFailures.get() >= 3);
    assertThat(delivered).isEmpty();
  }

  @Test
  void aQueueThatDoesNotExistIsRetriedWithoutEndingTheConsumer() {
    consume(queue.url() + "-missing", Duration.ofMinutes(1));

    await().atMost(Duration.ofSeconds(10)).until(() -> counts.receiveFailures.get() >= 2);
  }
}
