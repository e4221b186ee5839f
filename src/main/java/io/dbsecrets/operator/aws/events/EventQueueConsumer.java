package io.dbsecrets.operator.aws.events;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;

/**
 * Takes Secrets Manager events off an SQS queue, one long poll at a time, and hands each to the reconciler. A
 * message is deleted once every resource it concerns has been synced (the sync's own result, success or failure,
 * is on the resource's status and retried by the reconciler; a second delivery could not do better). A message
 * not handled within {@code handleTimeout} stays on the queue and comes back after its visibility timeout (or
 * goes to the dead-letter queue). Malformed and unrelated messages are deleted and counted. A failing queue is
 * retried with backoff, for as long as it takes; nothing here ever ends the thread but {@link #close()}.
 */
public final class EventQueueConsumer implements AutoCloseable {
  public static final Duration LONG_POLL = Duration.ofSeconds(20);
  private static final Logger log = LoggerFactory.getLogger(EventQueueConsumer.class);
  private static final int BATCH = 10;
  private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);

  private final SqsClient sqs;
  private final QueueUrl queue;
  private final SecretEventSink sink;
  private final EventQueueListener listener;
  private final Clock clock;
  private final Duration handleTimeout;
  private final Duration firstBackoff;
  private final Duration waitTime;
  private volatile boolean running;
  private Thread thread;
  private boolean closed;

  /**
   * @param waitTime long-poll wait ({@link #LONG_POLL} in production)
   * @param firstBackoff pause after the first failed receive; doubles up to a minute while the queue keeps failing
   */
  public EventQueueConsumer(SqsClient sqs, QueueUrl queue, SecretEventSink sink, EventQueueListener listener,
                            Clock clock, Duration handleTimeout, Duration firstBackoff, Duration waitTime) {
    this.sqs = sqs;
    this.queue = queue;
    this.sink = sink;
    this.listener = listener;
    this.clock = clock;
    this.handleTimeout = handleTimeout;
    this.firstBackoff = firstBackoff;
    this.waitTime = waitTime;
  }

  /** Starts consuming on a thread of its own; a second call, or one after {@link #close()}, does nothing. */
  public synchronized void start() {
    if (thread != null || closed) {
      return;
    }
    running = true;
    thread = new Thread(this::run, "secret-event-queue");
    thread.setDaemon(true);
    thread.start();
    log.info("consuming Secrets Manager events from {}", queue.url());
  }

  private void run() {
    Duration backoff = firstBackoff;
    while (running) {
      List<Message> messages;
      try {
        messages = sqs.receiveMessage(ReceiveMessageRequest.builder().queueUrl(queue.url())
            .maxNumberOfMessages(BATCH).waitTimeSeconds((int) waitTime.toSeconds()).build()).messages();
        backoff = firstBackoff;
      } catch (RuntimeException e) {
        // SdkException (unreachable, denied, no such queue) or anything else: never the end of the thread
        if (!running) {
          return;
        }
        listener.receiveFailed();
        log.warn("cannot receive from the event queue ({}); trying again in {}; polling keeps secrets in step "
            + "meanwhile", e.getMessage(), backoff);
        if (!pause(backoff)) {
          return;
        }
        backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        continue;
      }
      try {
        handle(messages);
      } catch (RuntimeException e) {
        // a defect here must not stop the events: the messages come back after their visibility timeout
        log.error("handling event messages failed", e);
      }
    }
  }

  /** Hands every message of a batch on at once, then deletes those that are done. */
  void handle(List<Message> messages) {
    Instant received = clock.instant();
    List<Pending> pending = new ArrayList<>();
    for (Message message : messages) {
      listener.received();
      EventParse parse = SecretEventParser.parse(message.body());
      if (parse instanceof EventParse.Rejected rejected) {
        log.info("dropping event message {}: {}", message.messageId(), rejected.detail());
        finish(message, rejected.why() == EventParse.Why.MALFORMED ? EventQueueListener.Outcome.MALFORMED
            : EventQueueListener.Outcome.UNRELATED);
        continue;
      }
      SecretEvent event = ((EventParse.Parsed) parse).event();
      CompletableFuture<Integer> handled;
      try {
        handled = sink.deliver(event, received);
      } catch (RuntimeException e) {
        handled = CompletableFuture.failedFuture(e);
      }
      pending.add(new Pending(message, event, handled));
    }
    long deadline = System.nanoTime() + handleTimeout.toNanos();
    for (Pending p : pending) {
      try {
        int matched = p.handled().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        finish(p.message(), matched > 0 ? EventQueueListener.Outcome.MATCHED : EventQueueListener.Outcome.UNMATCHED);
      } catch (TimeoutException | ExecutionException e) {
        listener.handled(EventQueueListener.Outcome.FAILED);
        log.warn("event {} for secret {} not handled ({}); it stays on the queue", p.message().messageId(),
            p.event().secretId(), e instanceof TimeoutException ? "timed out" : e.getCause().getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Deletes a message that needs no second delivery, and counts it. */
  private void finish(Message message, EventQueueListener.Outcome outcome) {
    try {
      sqs.deleteMessage(b -> b.queueUrl(queue.url()).receiptHandle(message.receiptHandle()));
      listener.handled(outcome);
    } catch (RuntimeException e) {
      // it comes back and is handled again: an event already applied costs at most one read
      listener.handled(EventQueueListener.Outcome.FAILED);
      log.warn("cannot delete event message {} ({})", message.messageId(), e.getMessage());
    }
  }

  private boolean pause(Duration backoff) {
    try {
      Thread.sleep(backoff.toMillis());
      return running;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    running = false;
    if (thread != null) {
      thread.interrupt();
    }
    // closing the client aborts a long poll under way
    sqs.close();
    if (thread != null) {
      try {
        thread.join(Duration.ofSeconds(5).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private record Pending(Message message, SecretEvent event, CompletableFuture<Integer> handled) {}
}
