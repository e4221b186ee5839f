package io.dbsecrets.operator.rollout;

import io.dbsecrets.operator.api.Durations;
import io.dbsecrets.operator.api.ExternalDbSecret;
import io.dbsecrets.operator.api.RestartWindow;
import io.dbsecrets.operator.api.RolledOutWorkload;
import io.dbsecrets.operator.api.RolloutState;
import io.dbsecrets.operator.api.RolloutSpec;
import io.dbsecrets.operator.api.RolloutTarget;
import io.dbsecrets.operator.rollout.RestartWindows.Ticket;
import io.dbsecrets.operator.rollout.WorkloadResult.Outcome;
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
 * workload in the namespace whose pod template references the Secret. Each restart first waits while the other
 * resources feeding the workload sync ({@link SiblingSyncs}), then for the workload's restart window, so that
 * resources changing together restart it once; it is skipped for a workload whose marker
 * already names this data, and leaves paused Deployments paused until they are resumed. What happened comes back
 * as a {@link RolloutOutcome}; the reconciler turns it into the RolloutRestart condition, status fields, Events and
 * metrics.
 */
public class WorkloadRollouts implements RolloutTrigger {
  public static final String RESTARTED_EVENT = "RolloutRestarted";
  public static final String FAILED_EVENT = "RolloutRestartFailed";
  /** A restart held back by spec.rollout.minInterval (once per change of situation). */
  public static final String RATE_LIMITED_EVENT = "RolloutRateLimited";
  /** A restart held until spec.rollout.restartWindow opens (once per change of situation). */
  public static final String OUTSIDE_WINDOW_EVENT = "RolloutOutsideWindow";
  /** A restarted workload's rollout completed (every pod updated and available). */
  public static final String ROLLOUT_COMPLETE_EVENT = "RolloutComplete";
  /** A restarted workload's rollout failed (its controller gave up, or it did not complete in time). */
  public static final String ROLLOUT_FAILED_EVENT = "RolloutFailed";
  private static final Logger log = LoggerFactory.getLogger(WorkloadRollouts.class);

  private final Workloads workloads;
  private final RestartWindows windows;
  private final Duration defaultMinInterval;
  private final Clock clock;

  /** @param defaultMinInterval least time between two restarts of a workload, for resources that set none */
  public WorkloadRollouts(Workloads workloads, RestartWindows windows, Duration defaultMinInterval, Clock clock) {
    this.workloads = workloads;
    this.windows = windows;
    this.defaultMinInterval = defaultMinInterval;
    this.clock = clock;
  }

  @Override
  public RolloutOutcome afterSync(ExternalDbSecret resource, String targetSecret, String previousDataHash,
                                  String dataHash) {
    return afterSync(resource, targetSecret, previousDataHash, dataHash, SiblingSyncs.NONE);
  }

  @Override
  public RolloutOutcome afterSync(ExternalDbSecret resource, String targetSecret, String previousDataHash,
                                  String dataHash, SiblingSyncs siblings) {
    RolloutSpec spec = resource.getSpec().getRollout();
    RolloutDecision decision = RolloutDecision.decide(spec, previousDataHash, dataHash,
        resource.getStatus() == null ? null : resource.getStatus().getRolloutDataHash());
    if (decision == RolloutDecision.DUE) {
      return restart(resource, spec, targetSecret, dataHash, siblings);
    }
    List<RolledOutWorkload> tracked = resource.getStatus() == null ? null : resource.getStatus().getRolledOut();
    if (decision == RolloutDecision.UP_TO_DATE && RolloutTracking.anyRestarting(tracked)) {
      return follow(resource.getMetadata().getNamespace(), targetSecret, dataHash, tracked);
    }
    return RolloutOutcome.decided(decision, dataHash);
  }

  /** Looks again at the workloads still restarting; a workload that cannot be read now is looked at next time. */
  private RolloutOutcome follow(String namespace, String targetSecret, String dataHash,
                                List<RolledOutWorkload> before) {
    Instant now = clock.instant();
    List<RolledOutWorkload> tracked = new ArrayList<>();
    for (RolledOutWorkload entry : before) {
      Optional<WorkloadRef> ref = RolloutTracking.refOf(namespace, entry.getWorkload());
      if (entry.getState() != RolloutState.Restarting || ref.isEmpty()) {
        tracked.add(entry);
        continue;
      }
      try {
        RolloutTracking.advance(entry, workloads.find(namespace, ref.get().kind(), ref.get().name()), now)
            .ifPresent(tracked::add);
      } catch (WorkloadKindNotInstalled e) {
        // the CRD was removed, and every Rollout with it: dropped like a deleted workload
      } catch (KubernetesClientException e) {
        log.debug("could not read {} to follow its rollout: {}", ref.get(), e.getCode());
        tracked.add(entry);
      }
    }
    RolloutSummary summary = RolloutTracking.summarize(tracked, targetSecret, now);
    return new RolloutOutcome(RolloutDecision.UP_TO_DATE, dataHash, summary, List.of(),
        summary.retryAt().map(at -> Duration.between(now, at)), tracked,
        RolloutTracking.finished(before, tracked, now));
  }

  private RolloutOutcome restart(ExternalDbSecret resource, RolloutSpec spec, String targetSecret,
                                 String dataHash, SiblingSyncs siblings) {
    Instant now = clock.instant();
    String name = resource.getMetadata().getName();
    String shortHash = RestartMarker.shortHash(dataHash);
    List<WorkloadResult> results = new ArrayList<>();
    Map<WorkloadRef, Workload> found;
    try {
      found = resolve(resource.getMetadata().getNamespace(), spec, targetSecret, results);
    } catch (KubernetesClientException e) {
      return outcome(dataHash, now, new RolloutSummary(false, false, RolloutSummary.RESTART_FAILED,
          "Could not look up the workloads to restart: " + e.getMessage() + "; retrying",
          List.of(), Optional.of(now.plus(RolloutSummary.RETRY))), results);
    }
    List<Workload> toRestart = found.values().stream()
        .filter(w -> !w.paused() && !RestartMarker.carries(w.restartAnnotations(), name, shortHash)).toList();
    // the other resources feeding these workloads sync first, so that one restart carries all their new data
    Optional<Instant> siblingsSyncing = toRestart.isEmpty() ? Optional.empty()
        : siblings.holdUntil(resource, dataHash, toRestart, now);
    List<RolledOutWorkload> tracked = new ArrayList<>();
    Duration minInterval = spec.getMinInterval() == null ? defaultMinInterval : Durations.parse(spec.getMinInterval());
    for (Workload workload : found.values()) {
      if (siblingsSyncing.isPresent() && toRestart.contains(workload)) {
        results.add(WorkloadResult.waiting(workload.ref(), siblingsSyncing.get()));
        continue;
      }
      WorkloadResult result = restart(workload, name, shortHash, minInterval,
          spec.isUrgent() ? null : spec.getRestartWindow(), now);
      results.add(result);
      if (result.outcome() == Outcome.RESTARTED) {
        tracked.add(RolloutTracking.restarted(workload.ref(), now));
      } else if (result.outcome() == Outcome.ALREADY_RESTARTED) {
        tracked.add(RolloutTracking.found(workload, now));
      }
    }
    RolloutSummary summary = RolloutSummary.of(results, targetSecret, now);
    if (summary.complete() && summary.conditionStatus() && !tracked.isEmpty()) {
      summary = RolloutTracking.summarize(tracked, targetSecret, now);
    }
    List<RolledOutWorkload> before = resource.getStatus() == null ? null : resource.getStatus().getRolledOut();
    RolloutOutcome outcome = outcome(dataHash, now, summary, results);
    Optional<Duration> poll = RolloutTracking.anyRestarting(tracked) ? Optional.of(RolloutTracking.POLL)
        : Optional.empty();
    return new RolloutOutcome(outcome.decision(), dataHash, summary, outcome.results(),
        earliest(outcome.retryAfter(), poll), tracked, RolloutTracking.finished(before, tracked, now));
  }

  private static Optional<Duration> earliest(Optional<Duration> a, Optional<Duration> b) {
    if (a.isEmpty() || b.isEmpty()) {
      return a.isEmpty() ? b : a;
    }
    return Optional.of(a.get().compareTo(b.get()) <= 0 ? a.get() : b.get());
  }

  /** The named targets and, with auto, the workloads referencing the Secret; missing targets go to results. */
  private Map<WorkloadRef, Workload> resolve(String namespace, RolloutSpec spec, String targetSecret,
                                             List<WorkloadResult> results) {
    Map<WorkloadRef, Workload> found = new TreeMap<>();
    for (RolloutTarget target : spec.getTargets()) {
      WorkloadRef ref = new WorkloadRef(namespace, target.getKind(), target.getName());
      try {
        workloads.find(namespace, target.getKind(), target.getName()).ifPresentOrElse(w -> found.put(ref, w),
            () -> results.add(WorkloadResult.of(ref, Outcome.NOT_FOUND)));
      } catch (WorkloadKindNotInstalled e) {
        results.add(WorkloadResult.notFound(ref, e.getMessage()));
      }
    }
    if (spec.isAuto()) {
      workloads.list(namespace).stream()
          .filter(w -> SecretReferences.references(w.podSpec(), targetSecret))
          .forEach(w -> found.putIfAbsent(w.ref(), w));
    }
    return found;
  }

  private WorkloadResult restart(Workload workload, String resourceName, String shortHash, Duration minInterval,
                                 RestartWindow restartWindow, Instant now) {
    WorkloadRef ref = workload.ref();
    if (RestartMarker.carries(workload.restartAnnotations(), resourceName, shortHash)) {
      return WorkloadResult.of(ref, Outcome.ALREADY_RESTARTED);
    }
    if (workload.paused()) {
      return WorkloadResult.of(ref, Outcome.PAUSED);
    }
    Optional<Instant> opens = RestartSchedule.heldUntil(restartWindow, now);
    if (opens.isPresent()) {
      return WorkloadResult.outsideWindow(ref, opens.get());
    }
    Optional<Instant> held = RestartRateLimit.heldUntil(workload.restartAnnotations(), minInterval, now);
    if (held.isPresent()) {
      return WorkloadResult.rateLimited(ref, held.get());
    }
    Ticket ticket = windows.join(ref, resourceName, shortHash, now);
    if (!ticket.claimed()) {
      return WorkloadResult.waiting(ref, ticket.closesAt());
    }
    try {
      workloads.restart(ref, now, Map.of(
          RestartMarker.RESTARTED_AT_ANNOTATION, now.toString(),
          RestartMarker.MARKER_ANNOTATION, RestartMarker.merge(workload.restartAnnotations(), ticket.restartFor())));
      log.info("restarted {} in {} for {}", ref, ref.namespace(), ticket.restartFor().keySet());
      return WorkloadResult.of(ref, Outcome.RESTARTED);
    } catch (KubernetesClientException e) {
      return e.getCode() == 404 ? WorkloadResult.of(ref, Outcome.NOT_FOUND) : WorkloadResult.failed(ref,
          e.getCode() + " " + (e.getStatus() != null && e.getStatus().getMessage() != null
              ? e.getStatus().getMessage() : Objects.requireNonNullElse(e.getMessage(), "error")));
    }
  }

  private static RolloutOutcome outcome(String dataHash, Instant now, RolloutSummary summary,
                                        List<WorkloadResult> results) {
    return new RolloutOutcome(RolloutDecision.DUE, dataHash, summary, List.copyOf(results),
        summary.complete() ? Optional.empty() : summary.retryAt().map(at -> Duration.between(now, at)));
  }
}
