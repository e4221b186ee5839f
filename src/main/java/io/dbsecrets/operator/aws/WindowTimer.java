package io.dbsecrets.operator.aws;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs a task once a delay has passed: what closes a batch's aggregation window. Production uses {@link #daemon()};
 * a test passes one it fires itself, so what it asserts about batching does not depend on how busy the machine is.
 */
@FunctionalInterface
public interface WindowTimer {
  void after(Duration delay, Runnable task);

  /** A timer on two daemon threads; closing it drops the tasks not yet run. */
  static Daemon daemon() {
    return new Daemon();
  }

  /** The production timer. */
  final class Daemon implements WindowTimer, AutoCloseable {
    private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(2, r -> {
      Thread t = new Thread(r, "aws-batch");
      t.setDaemon(true);
      return t;
    });

    private Daemon() {}

    @Override
    public void after(Duration delay, Runnable task) {
      executor.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
      executor.shutdownNow();
    }
  }
}
