package io.dbsecrets.operator.rollout;

import io.fabric8.kubernetes.api.model.PodSpec;
import java.time.Duration;
import java.util.Map;

/**
 * What the rollout needs to know of a Deployment, StatefulSet, DaemonSet or Argo Rollout.
 *
 * @param restartAnnotations where the operator's restart marker lives: the pod template's annotations, or for a
 *     Rollout its own metadata annotations (see {@link ArgoRollouts#restart})
 * @param podSpec the pod spec it runs, to see whether it reads the Secret (auto-detection)
 * @param progress where its latest rollout stands
 * @param deadline how long a restart of it may take before the operator counts it as failed
 */
public record Workload(WorkloadRef ref, boolean paused, Map<String, String> restartAnnotations, PodSpec podSpec,
                       RolloutProgress progress, Duration deadline) {
  public Workload {
    restartAnnotations = restartAnnotations == null ? Map.of() : Map.copyOf(restartAnnotations);
  }
}
