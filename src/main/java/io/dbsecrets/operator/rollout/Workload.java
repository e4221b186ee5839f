package io.dbsecrets.operator.rollout;

import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.Map;

/** What the rollout needs to know of a Deployment, StatefulSet or DaemonSet. */
public record Workload(WorkloadRef ref, boolean paused, Map<String, String> templateAnnotations, PodSpec podSpec) {
  public Workload {
    templateAnnotations = templateAnnotations == null ? Map.of() : Map.copyOf(templateAnnotations);
  }
}
