package io.dbsecrets.operator.aws;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A {@link WindowTimer} whose tasks run only when the test fires them: batch windows close when the test says. */
final class ManualTimer implements WindowTimer {
  private final List<Runnable> due = new ArrayList<>();

  @Override
  public synchronized void after(Duration delay, Runnable task) {
    due.add(task);
  }

  /** Runs every task scheduled so far, as if all their delays had passed. */
  void fireAll() {
    List<Runnable> tasks;
    synchronized (this) {
      tasks = List.copyOf(due);
      due.clear();
    }
    tasks.forEach(Runnable::run);
  }
}
