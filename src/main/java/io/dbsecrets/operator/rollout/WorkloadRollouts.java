package io.dbsecrets.operator.rollout;

import io.dbsecrets.operator.api.ExternalDbSecret;
import io.dbsecrets.operator.api.ExternalDbSecretStatus;
import io.dbsecrets.operator.api.RolloutSpec;
import io.dbsecrets.operator.api.RolloutTarget;
import io.dbsecrets.operator.metrics.OperatorMetrics;
import io.dbsecrets.operator.kube.Conditions;
import io.dbsecrets.operator.kube.EventRecorder;
import io.dbsecrets.operator.rollout.RestartWindows.Ticket;
import io.dbsecrets.operator.rollout.WorkloadResult.Outcome;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restarts the workloads fed by an ExternalDbSecret when its data changed: the named targets, and with auto every
 * workload in the namespace whose pod template references the Secret. Each restart waits for the workload's
 * restart window so that resources changing together restart it once, is skipped for a workload whose marker
 * already names this data, and leaves paused Deployments paused until they are resumed. What happened goes to
 * the RolloutRestart condition, status.rolledOut / rolloutDataHash / lastRolloutTime, Events and metrics.
 */
public class WorkloadRollouts implements RolloutTrigger {
  public static final String RESTARTED_EVENT = "RolloutRestarted";
  public static final String FAILED_EVENT = "RolloutRestartFailed";
  private static final Logger log = LoggerFactory.getLogger(WorkloadRollouts.class);

  private final Workloads workloads;
  private final RestartWindows windows;
  private final EventRecorder events;
  private final OperatorMetrics metrics;
  private final Clock clock;

  public WorkloadRollouts(Workloads workloads, RestartWindows windows, EventRecorder events, OperatorMetrics metrics,
                          Clock clock) {
    this.workloads = workloads;
    this.windows = windows;
    this.events = events;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public Optional<Duration> afterSync(ExternalDbSecret resource, String targetSecret, String previousDataHash,
                                      String dataHash) {
    ExternalDbSecretStatus status = resource.getStatus();
    RolloutSpec spec = resource.getSpec().getRollout();
    switch (RolloutDecision.decide(spec, previousDataHash, dataHash, status.getRolloutDataHash())) {
      case NOT_CONFIGURED -> forget(status);
      case BASELINE -> status.setRolloutDataHash(dataHash);
      case UP_TO_DATE -> { }
      case DUE -> {
        return restart(resource, spec, targetSecret, dataHash);
      }
    }
    return Optional.empty();
  }

  private Optional<Duration> restart(ExternalDbSecret resource, RolloutSpec spec, String targetSecret,
                                     String dataHash) {
    Instant now = clock.instant();
    String name = resource.getMetadata().getName();
    String shortHash = RestartMarker.shortHash(dataHash);
    List<WorkloadResult> results = new ArrayList<>();
    Map<WorkloadRef, Workload> found;
    try {
      found = resolve(resource.getMetadata().getNamespace(), spec, targetSecret, results);
    } catch (KubernetesClientException e) {
      return report(resource, dataHash, now, new RolloutSummary(false, false, RolloutSummary.RESTART_FAILED,
          "Could not look up the workloads to restart: " + e.getMessage() + "; retrying",
          List.of(), Optional.of(now.plus(RolloutSummary.RETRY))), results);
    }
    for (Workload workload : found.values()) {
      results.add(restart(workload, name, shortHash, now));
    }
    return report(resource, dataHash, now, RolloutSummary.of(results, targetSecret, now), results);
  }

  /** The named targets and, with auto, the workloads referencing the Secret; missing targets go to results. */
  private Map<WorkloadRef, Workload> resolve(String namespace, RolloutSpec spec, String targetSecret,
                                             List<WorkloadResult> results) {
    Map<WorkloadRef, Workload> found = new TreeMap<>();
    for (RolloutTarget target : spec.getTargets()) {
      WorkloadRef ref = new WorkloadRef(namespace, target.getKind(), target.getName());
      workloads.find(namespace, target.getKind(), target.getName()).ifPresentOrElse(w -> found.put(ref, w),
          () -> results.add(WorkloadResult.of(ref, Outcome.NOT_FOUND)));
    }
    if (spec.isAuto()) {
      workloads.list(namespace).stream()
          .filter(w -> SecretReferences.references(w.podSpec(), targetSecret))
          .forEach(w -> found.putIfAbsent(w.ref(), w));
    }
    return found;
  }

  private WorkloadResult restart(Workload workload, String resourceName, String shortHash, Instant now) {
    WorkloadRef ref = workload.ref();
    if (RestartMarker.carries(workload.templateAnnotations(), resourceName, shortHash)) {
      return WorkloadResult.of(ref, Outcome.ALREADY_RESTARTED);
    }
    if (workload.paused()) {
      return WorkloadResult.of(ref, Outcome.PAUSED);
    }
    Ticket ticket = windows.join(ref, resourceName, shortHash, now);
    if (!ticket.claimed()) {
      return WorkloadResult.waiting(ref, ticket.closesAt());
    }
    try {
      workloads.annotateTemplate(ref, Map.of(
          RestartMarker.RESTARTED_AT_ANNOTATION, now.toString(),
          RestartMarker.MARKER_ANNOTATION, RestartMarker.merge(workload.templateAnnotations(), ticket.restartFor())));
      log.info("restarted {} in {} for {}", ref, ref.namespace(), ticket.restartFor().keySet());
      return WorkloadResult.of(ref, Outcome.RESTARTED);
    } catch (KubernetesClientException e) {
      return e.getCode() == 404 ? WorkloadResult.of(ref, Outcome.NOT_FOUND) : WorkloadResult.failed(ref,
          e.getCode() + " " + (e.getStatus() != null && e.getStatus().getMessage() != null
              ? e.getStatus().getMessage() : Objects.requireNonNullElse(e.getMessage(), "error")));
    }
  }

  private Optional<Duration> report(ExternalDbSecret resource, String dataHash, Instant now, RolloutSummary summary,
                                    List<WorkloadResult> results) {
    ExternalDbSecretStatus status = resource.getStatus();
    Optional<Condition> previous = Conditions.find(status.getConditions(), Conditions.ROLLOUT_RESTART);
    status.setConditions(Conditions.set(status.getConditions(), Conditions.ROLLOUT_RESTART,
        summary.conditionStatus(), summary.reason(), summary.message(), resource.getMetadata().getGeneration(), now));
    status.setRolledOut(summary.rolledOut().isEmpty() ? null : summary.rolledOut());
    results.stream().filter(r -> r.outcome() != Outcome.WAITING)
        .forEach(r -> metrics.rollout(r.ref().kind().name(), r.outcome().label()));
    boolean restartedNow = results.stream().anyMatch(r -> r.outcome() == Outcome.RESTARTED);
    if (restartedNow || (summary.complete() && !summary.rolledOut().isEmpty())) {
      status.setLastRolloutTime(now.toString());
    }
    if (summary.complete()) {
      status.setRolloutDataHash(dataHash);
      if (!summary.rolledOut().isEmpty()) {
        events.normal(resource, RESTARTED_EVENT, "Restarted " + String.join(", ", summary.rolledOut())
            + " for the new data of Secret '" + status.getTargetSecret() + "'");
      }
      if (!summary.conditionStatus()) {
        events.warning(resource, FAILED_EVENT, summary.message());
      }
      return Optional.empty();
    }
    boolean news = previous.map(c -> !summary.reason().equals(c.getReason())
        || !summary.message().equals(c.getMessage())).orElse(true);
    if (news && !RolloutSummary.PENDING.equals(summary.reason())) {
      events.warning(resource, FAILED_EVENT, summary.message());
    }
    return summary.retryAt().map(at -> Duration.between(now, at));
  }

  /** The resource no longer asks for rollouts: drop what its status said about them. */
  private static void forget(ExternalDbSecretStatus status) {
    status.setRolloutDataHash(null);
    status.setRolledOut(null);
    if (Conditions.find(status.getConditions(), Conditions.ROLLOUT_RESTART).isPresent()) {
      status.setConditions(status.getConditions().stream()
          .filter(c -> !Conditions.ROLLOUT_RESTART.equals(c.getType())).toList());
    }
  }
}
