package io.dbsecrets.operator.rollout;

import io.fabric8.kubernetes.api.model.PodSpec;
import java.time.Duration;
import java.util.Map;

/**
 * What the rollout needs to know of a Deployment, StatefulSet or DaemonSet.
 *
 * @param progress where its latest rollout stands
 * @param deadline how long a restart of it may take before the operator counts it as failed
 */
public record Workload(WorkloadRef ref, boolean paused, Map<String, String> templateAnnotations, PodSpec podSpec,
                       RolloutProgress progress, Duration deadline) {
  public Workload {
    templateAnnotations = templateAnnotations == null ? Map.of() : Map.copyOf(templateAnnotations);
  }
}
