package io.dbsecrets.operator.rollout;

import io.dbsecrets.operator.rollout.WorkloadResult.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The RolloutRestart condition, the status fields and the next attempt, from what one attempt did to each workload.
 * A rollout is complete once no workload is waiting, paused or failed; a missing target completes it too (a workload
 * created later starts with the new data anyway).
 */
public record RolloutSummary(boolean complete, boolean conditionStatus, String reason, String message,
                             List<String> rolledOut, Optional<Instant> retryAt) {
  public static final String RESTARTED = "Restarted";
  public static final String NOTHING_TO_RESTART = "NothingToRestart";
  public static final String TARGET_NOT_FOUND = "TargetNotFound";
  public static final String PAUSED = "Paused";
  public static final String PENDING = "Pending";
  public static final String RATE_LIMITED = "RateLimited";
  public static final String OUTSIDE_WINDOW = "OutsideRestartWindow";
  public static final String RESTART_FAILED = "RestartFailed";

  /** How soon a paused or failed workload is tried again. */
  public static final Duration RETRY = Duration.ofSeconds(15);

  public static RolloutSummary of(List<WorkloadResult> results, String targetSecret, Instant now) {
    List<String> rolledOut = names(results, r -> r.outcome() == Outcome.RESTARTED
        || r.outcome() == Outcome.ALREADY_RESTARTED);
    List<String> failed = results.stream().filter(r -> r.outcome() == Outcome.FAILED).sorted(byRef())
        .map(r -> r.ref() + " (" + r.detail() + ")").toList();
    List<String> paused = names(results, r -> r.outcome() == Outcome.PAUSED);
    List<String> waiting = names(results, r -> r.outcome() == Outcome.WAITING);
    List<WorkloadResult> limited = results.stream().filter(r -> r.outcome() == Outcome.RATE_LIMITED)
        .sorted(byRef()).toList();
    List<String> missing = names(results, r -> r.outcome() == Outcome.NOT_FOUND && r.detail() == null);
    List<String> uninstalled = results.stream().filter(r -> r.outcome() == Outcome.NOT_FOUND && r.detail() != null)
        .sorted(byRef()).map(r -> r.ref() + " cannot be restarted: " + r.detail()).distinct().toList();

    Optional<Instant> retryAt = results.stream()
        .map(r -> switch (r.outcome()) {
          case WAITING, RATE_LIMITED, OUTSIDE_WINDOW -> r.closesAt();
          case PAUSED, FAILED -> now.plus(RETRY);
          default -> null;
        })
        .filter(Objects::nonNull).min(Comparator.naturalOrder());
    boolean complete = retryAt.isEmpty();
    String done = rolledOut.isEmpty() ? "" : "; restarted " + String.join(", ", rolledOut);

    if (!failed.isEmpty()) {
      return new RolloutSummary(false, false, RESTART_FAILED, "Could not restart " + String.join(", ", failed)
          + "; retrying" + done, rolledOut, retryAt);
    }
    if (!paused.isEmpty()) {
      return new RolloutSummary(false, false, PAUSED, String.join(", ", paused) + " paused: left paused, and "
          + "restarted for the new data of Secret '" + targetSecret + "' once resumed" + done, rolledOut, retryAt);
    }
    List<WorkloadResult> outside = results.stream().filter(r -> r.outcome() == Outcome.OUTSIDE_WINDOW)
        .sorted(byRef()).toList();
    if (!outside.isEmpty()) {
      return new RolloutSummary(false, false, OUTSIDE_WINDOW, "Restarting " + String.join(", ", outside.stream()
          .map(r -> r.ref() + " at " + r.closesAt()).toList()) + " when spec.rollout.restartWindow opens, with the "
          + "data current then" + done, rolledOut, retryAt);
    }
    if (!limited.isEmpty()) {
      return new RolloutSummary(false, false, RATE_LIMITED, "Restarting " + String.join(", ", limited.stream()
          .map(r -> r.ref() + " at " + r.closesAt()).toList()) + " with the data current then: restarted less "
          + "than spec.rollout.minInterval ago" + done, rolledOut, retryAt);
    }
    if (!waiting.isEmpty()) {
      return new RolloutSummary(false, false, PENDING, "Restarting " + String.join(", ", waiting) + " at "
          + retryAt.get() + ", once for every change arriving together" + done, rolledOut, retryAt);
    }
    if (!missing.isEmpty() || !uninstalled.isEmpty()) {
      List<String> why = new ArrayList<>();
      if (!missing.isEmpty()) {
        why.add(String.join(", ", missing) + " not found");
      }
      why.addAll(uninstalled);
      return new RolloutSummary(true, false, TARGET_NOT_FOUND, String.join("; ", why) + done, rolledOut, retryAt);
    }
    if (rolledOut.isEmpty()) {
      return new RolloutSummary(true, true, NOTHING_TO_RESTART, "No workload to restart: none named, and none "
          + "in the namespace references Secret '" + targetSecret + "'", rolledOut, retryAt);
    }
    return new RolloutSummary(complete, true, RESTARTED, "Restarted " + String.join(", ", rolledOut)
        + " for the new data of Secret '" + targetSecret + "'", rolledOut, retryAt);
  }

  private static List<String> names(List<WorkloadResult> results, Predicate<WorkloadResult> which) {
    return results.stream().filter(which).sorted(byRef()).map(r -> r.ref().toString()).distinct()
        .collect(Collectors.toList());
  }

  private static Comparator<WorkloadResult> byRef() {
    return Comparator.comparing(WorkloadResult::ref);
  }
}
