package io.dbsecrets.operator.rollout;

import io.dbsecrets.operator.api.RolloutState;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatus;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import java.time.Duration;

/**
 * Where a workload's rollout stands, read from the workload alone as {@code kubectl rollout status} reads it: until
 * its controller has observed the latest generation it is restarting; then every pod must run the latest template
 * and be available. A Deployment fails by its own Progressing condition (ProgressDeadlineExceeded); the other kinds
 * have no deadline of their own, so {@link #deadline} gives the operator's.
 */
public record RolloutProgress(RolloutState state, String message) {
  /** How long a StatefulSet or DaemonSet rollout may take before it counts as failed (a Deployment's default). */
  static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(600);
  /** After a Deployment's own deadline, the time its controller gets to say so before the operator does. */
  static final Duration CONTROLLER_GRACE = Duration.ofSeconds(60);

  public static RolloutProgress of(HasMetadata workload) {
    if (workload instanceof Deployment d) {
      return deployment(d);
    }
    if (workload instanceof StatefulSet s) {
      return statefulSet(s);
    }
    if (workload instanceof DaemonSet d) {
      return daemonSet(d);
    }
    throw new IllegalArgumentException("not a workload: " + workload.getKind());
  }

  /** How long after its restart the operator counts a workload still restarting as failed. */
  public static Duration deadline(HasMetadata workload) {
    if (workload instanceof Deployment d && d.getSpec() != null && d.getSpec().getProgressDeadlineSeconds() != null) {
      return Duration.ofSeconds(d.getSpec().getProgressDeadlineSeconds()).plus(CONTROLLER_GRACE);
    }
    return workload instanceof Deployment ? DEFAULT_DEADLINE.plus(CONTROLLER_GRACE) : DEFAULT_DEADLINE;
  }

  static RolloutProgress restarting(String message) {
    return new RolloutProgress(RolloutState.Restarting, message);
  }

  static RolloutProgress complete(String message) {
    return new RolloutProgress(RolloutState.Complete, message);
  }

  static RolloutProgress failed(String message) {
    return new RolloutProgress(RolloutState.Failed, message);
  }

  private static RolloutProgress deployment(Deployment d) {
    DeploymentStatus status = d.getStatus();
    if (status == null || !observed(d, status.getObservedGeneration())) {
      return restarting("waiting for the Deployment controller to observe the restart");
    }
    if (status.getConditions() != null) {
      for (DeploymentCondition c : status.getConditions()) {
        if ("Progressing".equals(c.getType()) && "ProgressDeadlineExceeded".equals(c.getReason())) {
          return failed(c.getMessage() == null ? "ProgressDeadlineExceeded" : c.getMessage());
        }
      }
    }
    int desired = d.getSpec() == null || d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
    int updated = orZero(status.getUpdatedReplicas());
    int replicas = orZero(status.getReplicas());
    int available = orZero(status.getAvailableReplicas());
    if (updated < desired) {
      return restarting(updated + " of " + desired + " pods updated");
    }
    if (replicas > updated) {
      return restarting((replicas - updated) + " old pods terminating");
    }
    if (available < updated) {
      return restarting(available + " of " + updated + " updated pods available");
    }
    return complete(desired + " of " + desired + " pods updated and available");
  }

  private static RolloutProgress statefulSet(StatefulSet s) {
    StatefulSetStatus status = s.getStatus();
    if (status == null || !observed(s, status.getObservedGeneration())) {
      return restarting("waiting for the StatefulSet controller to observe the restart");
    }
    if (s.getSpec() != null && s.getSpec().getUpdateStrategy() != null
        && "OnDelete".equals(s.getSpec().getUpdateStrategy().getType())) {
      return complete("updateStrategy OnDelete: pods take the new data when they are deleted");
    }
    int desired = s.getSpec() == null || s.getSpec().getReplicas() == null ? 1 : s.getSpec().getReplicas();
    int updated = orZero(status.getUpdatedReplicas());
    Integer partition = s.getSpec() == null || s.getSpec().getUpdateStrategy() == null
        || s.getSpec().getUpdateStrategy().getRollingUpdate() == null ? null
        : s.getSpec().getUpdateStrategy().getRollingUpdate().getPartition();
    if (partition != null && partition > 0) {
      int toUpdate = Math.max(0, desired - partition);
      return updated < toUpdate ? restarting(updated + " of " + toUpdate + " pods above the partition updated")
          : complete(updated + " pods above partition " + partition + " updated");
    }
    if (updated < desired) {
      return restarting(updated + " of " + desired + " pods updated");
    }
    if (status.getUpdateRevision() != null && !status.getUpdateRevision().equals(status.getCurrentRevision())) {
      return restarting("revision " + status.getUpdateRevision() + " not yet current");
    }
    int ready = orZero(status.getReadyReplicas());
    if (ready < desired) {
      return restarting(ready + " of " + desired + " pods ready");
    }
    return complete(desired + " of " + desired + " pods updated and ready");
  }

  private static RolloutProgress daemonSet(DaemonSet d) {
    DaemonSetStatus status = d.getStatus();
    if (status == null || !observed(d, status.getObservedGeneration())) {
      return restarting("waiting for the DaemonSet controller to observe the restart");
    }
    if (d.getSpec() != null && d.getSpec().getUpdateStrategy() != null
        && "OnDelete".equals(d.getSpec().getUpdateStrategy().getType())) {
      return complete("updateStrategy OnDelete: pods take the new data when they are deleted");
    }
    int desired = orZero(status.getDesiredNumberScheduled());
    int updated = orZero(status.getUpdatedNumberScheduled());
    int available = orZero(status.getNumberAvailable());
    if (updated < desired) {
      return restarting(updated + " of " + desired + " pods updated");
    }
    if (available < desired) {
      return restarting(available + " of " + desired + " updated pods available");
    }
    return complete(desired + " of " + desired + " pods updated and available");
  }

  private static boolean observed(HasMetadata workload, Long observedGeneration) {
    Long generation = workload.getMetadata().getGeneration();
    return generation == null || (observedGeneration != null && observedGeneration >= generation);
  }

  private static int orZero(Integer value) {
    return value == null ? 0 : value;
  }
}
