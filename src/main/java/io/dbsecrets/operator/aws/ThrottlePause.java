package io.dbsecrets.operator.aws;

import java.time.Duration;

/**
 * When the requests of one region and identity may go to AWS again after AWS throttled them. The first throttled
 * answer pauses every request of the group for {@link #FIRST}; after the pause one request goes as a probe while
 * the others keep waiting; a throttled probe doubles the pause (up to {@link #LONGEST}), any other answer to it ends
 * the pause. Answers to requests sent before the pause began are old news and change nothing, so a burst of
 * throttled answers counts once. Times are monotonic nanoseconds (System.nanoTime in production).
 */
final class ThrottlePause {
  static final Duration FIRST = Duration.ofSeconds(5);
  static final Duration LONGEST = Duration.ofMinutes(5);
  private Duration pause;
  private long pausedAt;
  private long until;

  /** @return 0 if a request sent now may go (as the probe, while paused), else the nanoseconds left to wait */
  synchronized long admit(long now) {
    if (pause == null) {
      return 0;
    }
    if (now - until < 0) {
      return until - now;
    }
    until = now + pause.toNanos();
    return 0;
  }

  /** AWS throttled a request admitted at {@code sentAt}. */
  synchronized void throttled(long sentAt, long now) {
    if (pause != null && sentAt - pausedAt < 0) {
      return;
    }
    pause = pause == null ? FIRST : min(pause.multipliedBy(2), LONGEST);
    pausedAt = now;
    until = now + pause.toNanos();
  }

  /** AWS answered a request admitted at {@code sentAt} without throttling it. */
  synchronized void answered(long sentAt) {
    if (pause != null && sentAt - pausedAt >= 0) {
      pause = null;
    }
  }

  synchronized boolean paused() {
    return pause != null;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
