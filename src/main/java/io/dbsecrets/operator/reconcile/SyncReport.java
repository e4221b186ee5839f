package io.dbsecrets.operator.reconcile;

import io.dbsecrets.operator.api.ExternalDbSecret;
import io.dbsecrets.operator.api.ExternalDbSecretStatus;
import io.dbsecrets.operator.kube.Conditions;
import io.dbsecrets.operator.kube.EventRecorder;
import io.dbsecrets.operator.api.RolloutState;
import io.dbsecrets.operator.rollout.RolloutDecision;
import io.dbsecrets.operator.rollout.RolloutOutcome;
import io.dbsecrets.operator.rollout.RolloutSummary;
import io.dbsecrets.operator.rollout.RolloutTracking;
import io.dbsecrets.operator.rollout.WorkloadResult.Outcome;
import io.dbsecrets.operator.rollout.WorkloadRollouts;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports what a sync and a rollout came to as Events, metrics and log lines, beside the status
 * {@link StatusBuilder} builds from the same outcomes.
 */
final class SyncReport {
  private static final Logger log = LoggerFactory.getLogger(SyncReport.class);

  private final EventRecorder events;
  private final SyncMetrics metrics;

  SyncReport(EventRecorder events, SyncMetrics metrics) {
    this.events = events;
    this.metrics = metrics;
  }

  /**
   * @param previous the status before this reconcile (null on the first), against which news is judged
   * @param latency  from the start of the sync to now
   */
  void report(ExternalDbSecret resource, ExternalDbSecretStatus previous, String target, SyncTrigger trigger,
              SyncOutcome sync, RolloutOutcome rollout, Duration latency) {
    String namespace = resource.getMetadata().getNamespace();
    String name = resource.getMetadata().getName();
    if (sync instanceof SyncOutcome.Failed failed) {
      events.warning(resource, failed.reason().name(), failed.message());
      metrics.failed(failed.reason().name(), latency);
      log.warn("sync of {}/{} failed: {}: {}", namespace, name, failed.reason(), failed.message());
      return;
    }
    if (sync instanceof SyncOutcome.Synced synced && synced.written()) {
      events.normal(resource, "Synced", "Secret '" + target + "' " + (synced.created() ? "created" : "updated")
          + " with keys " + synced.keys());
    }
    rollout(resource, previous, target, rollout);
    if (sync instanceof SyncOutcome.Synced synced) {
      metrics.synced(trigger.name(), synced.written(), latency);
      log.debug("synced {}/{} ({}): version {}, secret {}", namespace, name, trigger, synced.versionId(),
          synced.written() ? "written" : "unchanged");
    }
  }

  private void rollout(ExternalDbSecret resource, ExternalDbSecretStatus previous, String target,
                       RolloutOutcome rollout) {
    for (RolloutTracking.Finished done : rollout.finished()) {
      boolean failed = done.state() == RolloutState.Failed;
      metrics.rolloutFinished(done.kind().name(), failed, done.took());
      if (failed) {
        events.warning(resource, WorkloadRollouts.ROLLOUT_FAILED_EVENT, done.workload() + " did not roll out after "
            + "the restart for the new data of Secret '" + target + "': " + done.message());
      } else {
        events.normal(resource, WorkloadRollouts.ROLLOUT_COMPLETE_EVENT, done.workload() + " rolled out in "
            + done.took().toSeconds() + "s for the new data of Secret '" + target + "'");
      }
    }
    RolloutSummary summary = rollout.summary();
    if (summary == null || rollout.decision() != RolloutDecision.DUE) {
      return;
    }
    rollout.results().stream().filter(r -> r.outcome() != Outcome.WAITING)
        .forEach(r -> metrics.rollout(r.ref().kind().name(), r.outcome().label()));
    if (summary.complete()) {
      if (!summary.rolledOut().isEmpty()) {
        events.normal(resource, WorkloadRollouts.RESTARTED_EVENT, "Restarted " + String.join(", ",
            summary.rolledOut()) + " for the new data of Secret '" + target + "'");
      }
      if (!summary.conditionStatus()) {
        events.warning(resource, WorkloadRollouts.FAILED_EVENT, summary.message());
      }
      return;
    }
    Optional<Condition> before = Conditions.find(previous == null ? null : previous.getConditions(),
        Conditions.ROLLOUT_RESTART);
    boolean news = before.map(c -> !summary.reason().equals(c.getReason())
        || !summary.message().equals(c.getMessage())).orElse(true);
    if (news && (RolloutSummary.RATE_LIMITED.equals(summary.reason())
        || RolloutSummary.OUTSIDE_WINDOW.equals(summary.reason()))) {
      events.normal(resource, RolloutSummary.RATE_LIMITED.equals(summary.reason())
          ? WorkloadRollouts.RATE_LIMITED_EVENT : WorkloadRollouts.OUTSIDE_WINDOW_EVENT, summary.message());
    } else if (news && !RolloutSummary.PENDING.equals(summary.reason())) {
      events.warning(resource, WorkloadRollouts.FAILED_EVENT, summary.message());
    }
  }
}
