package io.dbsecrets.operator.rollout;

import io.dbsecrets.operator.api.RolledOutWorkload;
import io.dbsecrets.operator.api.RolloutState;
import io.dbsecrets.operator.api.WorkloadKind;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * Follows restarted workloads to the end of their rollout, from status.rolledOut and what each workload reports.
 * Pure: the state lives in the resource's status, so an operator restarted in the middle of a rollout picks the
 * tracking up where it was. A Complete or Failed workload is not looked at again (a failed rollout is reported,
 * never retried: the restart marker names this data, so only new data restarts it again).
 */
public final class RolloutTracking {
  /** How often a workload still restarting is looked at again. */
  public static final Duration POLL = Duration.ofSeconds(5);
  public static final String RESTARTING = "Restarting";
  public static final String ROLLOUT_FAILED = "RolloutFailed";

  private RolloutTracking() {}

  /** A workload that finished its rollout in this attempt, and how long it took from its restart. */
  public record Finished(WorkloadKind kind, String workload, RolloutState state, String message, Duration took) {}

  /** The entry of a workload this attempt restarted (just patched: its controller has not seen it yet). */
  static RolledOutWorkload restarted(WorkloadRef ref, Instant now) {
    return new RolledOutWorkload(ref.toString(), RolloutState.Restarting,
        "restarted; waiting for the " + ref.kind() + " controller", now.toString());
  }

  /** The entry of a workload found already restarted for this data: as it reports itself now. */
  static RolledOutWorkload found(Workload workload, Instant now) {
    String at = workload.restartAnnotations().get(RestartMarker.RESTARTED_AT_ANNOTATION);
    Instant restartedAt = parse(at).orElse(now);
    return observe(new RolledOutWorkload(workload.ref().toString(), RolloutState.Restarting, null,
        restartedAt.toString()), workload, now);
  }

  /**
   * The entry's next state.
   *
   * @param observed the workload as read now, or empty when it no longer exists (then it is dropped)
   */
  static Optional<RolledOutWorkload> advance(RolledOutWorkload entry, Optional<Workload> observed, Instant now) {
    if (entry.getState() != RolloutState.Restarting) {
      return Optional.of(entry);
    }
    return observed.map(w -> observe(entry, w, now));
  }

  private static RolledOutWorkload observe(RolledOutWorkload entry, Workload workload, Instant now) {
    RolloutProgress progress = workload.progress();
    Instant restartedAt = parse(entry.getRestartedAt()).orElse(now);
    if (progress.state() == RolloutState.Restarting && !now.isBefore(restartedAt.plus(workload.deadline()))) {
      progress = RolloutProgress.failed("not complete " + workload.deadline().toSeconds() + "s after the restart: "
          + progress.message());
    }
    return new RolledOutWorkload(entry.getWorkload(), progress.state(), progress.message(), entry.getRestartedAt());
  }

  /** The workloads that were restarting before and are complete or failed now. */
  static List<Finished> finished(List<RolledOutWorkload> before, List<RolledOutWorkload> now, Instant at) {
    return now.stream()
        .filter(e -> e.getState() != RolloutState.Restarting)
        .filter(e -> before != null && before.stream().anyMatch(b -> b.getWorkload().equals(e.getWorkload())
            && b.getState() == RolloutState.Restarting))
        .map(e -> new Finished(kindOf(e.getWorkload()).orElse(null), e.getWorkload(), e.getState(), e.getMessage(),
            parse(e.getRestartedAt()).map(t -> Duration.between(t, at)).filter(d -> !d.isNegative())
                .orElse(Duration.ZERO)))
        .filter(f -> f.kind() != null)
        .toList();
  }

  public static boolean anyRestarting(List<RolledOutWorkload> tracked) {
    return tracked != null && tracked.stream().anyMatch(e -> e.getState() == RolloutState.Restarting);
  }

  /**
   * The RolloutRestart condition over the followed workloads: False (RolloutFailed) when one failed, True
   * (Restarting) while one is still rolling out, True (Restarted) once all are complete.
   */
  static RolloutSummary summarize(List<RolledOutWorkload> tracked, String targetSecret, Instant now) {
    List<String> names = tracked.stream().map(RolledOutWorkload::getWorkload).toList();
    List<String> failed = tracked.stream().filter(e -> e.getState() == RolloutState.Failed)
        .map(e -> e.getWorkload() + ": " + e.getMessage()).toList();
    List<String> restarting = tracked.stream().filter(e -> e.getState() == RolloutState.Restarting)
        .map(e -> e.getWorkload() + " (" + e.getMessage() + ")").toList();
    Optional<Instant> poll = restarting.isEmpty() ? Optional.empty() : Optional.of(now.plus(POLL));
    if (!failed.isEmpty()) {
      return new RolloutSummary(true, false, ROLLOUT_FAILED, "Rollout failed after the restart for the new data of "
          + "Secret '" + targetSecret + "': " + String.join("; ", failed)
          + (restarting.isEmpty() ? "" : "; still restarting " + String.join(", ", restarting)), names, poll);
    }
    if (!restarting.isEmpty()) {
      return new RolloutSummary(true, true, RESTARTING, "Restarted for the new data of Secret '" + targetSecret
          + "', rolling out: " + String.join(", ", restarting), names, poll);
    }
    return new RolloutSummary(true, true, RolloutSummary.RESTARTED, "Restarted " + String.join(", ", names)
        + " for the new data of Secret '" + targetSecret + "'; rollout complete", names, Optional.empty());
  }

  static Optional<WorkloadRef> refOf(String namespace, String workload) {
    int slash = workload == null ? -1 : workload.indexOf('/');
    return slash < 0 ? Optional.empty()
        : kindOf(workload).map(kind -> new WorkloadRef(namespace, kind, workload.substring(slash + 1)));
  }

  private static Optional<WorkloadKind> kindOf(String workload) {
    int slash = workload == null ? -1 : workload.indexOf('/');
    if (slash < 0) {
      return Optional.empty();
    }
    try {
      return Optional.of(WorkloadKind.valueOf(workload.substring(0, slash)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static Optional<Instant> parse(String at) {
    try {
      return at == null ? Optional.empty() : Optional.of(Instant.parse(at));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
