package io.dbsecrets.operator.rollout;

import java.time.Instant;
import java.util.Locale;

/** What one rollout attempt did to one workload. */
public record WorkloadResult(WorkloadRef ref, Outcome outcome, Instant closesAt, String detail) {
  public enum Outcome {
    /** Restarted now by this resource, for itself and any resource coalesced with it. */
    RESTARTED,
    /** Already restarted for this data (by an earlier attempt, another operator instance, or a coalesced restart). */
    ALREADY_RESTARTED,
    /** Waiting for the restart window to close, so changes arriving together restart the workload once. */
    WAITING,
    /** Restarted too recently (spec.rollout.minInterval): restarted once the interval has passed. */
    RATE_LIMITED,
    /** Outside spec.rollout.restartWindow: restarted when the window opens. */
    OUTSIDE_WINDOW,
    /** A paused Deployment: left paused, restarted once it is resumed. */
    PAUSED,
    NOT_FOUND,
    FAILED;

    /** The metric label. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public static WorkloadResult of(WorkloadRef ref, Outcome outcome) {
    return new WorkloadResult(ref, outcome, null, null);
  }

  /** @param detail why it is missing, when more is known than that (the kind is not installed) */
  public static WorkloadResult notFound(WorkloadRef ref, String detail) {
    return new WorkloadResult(ref, Outcome.NOT_FOUND, null, detail);
  }

  public static WorkloadResult waiting(WorkloadRef ref, Instant closesAt) {
    return new WorkloadResult(ref, Outcome.WAITING, closesAt, null);
  }

  public static WorkloadResult rateLimited(WorkloadRef ref, Instant until) {
    return new WorkloadResult(ref, Outcome.RATE_LIMITED, until, null);
  }

  public static WorkloadResult outsideWindow(WorkloadRef ref, Instant opens) {
    return new WorkloadResult(ref, Outcome.OUTSIDE_WINDOW, opens, null);
  }

  public static WorkloadResult failed(WorkloadRef ref, String detail) {
    return new WorkloadResult(ref, Outcome.FAILED, null, detail);
  }
}
