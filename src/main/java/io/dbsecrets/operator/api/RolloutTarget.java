package io.dbsecrets.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

public class RolloutTarget {
  @Required
  @JsonPropertyDescription("Deployment, StatefulSet, DaemonSet, or Rollout (Argo Rollouts, argoproj.io/v1alpha1, "
      + "restarted through its spec.restartAt).")
  private WorkloadKind kind;

  @Required
  @Size(max = 253)
  @JsonPropertyDescription("Name of the workload in this namespace.")
  private String name;

  public RolloutTarget() {}

  public RolloutTarget(WorkloadKind kind, String name) {
    this.kind = kind;
    this.name = name;
  }

  public WorkloadKind getKind() { return kind; }
  public void setKind(WorkloadKind kind) { this.kind = kind; }
  public String getName() { return name; }
  public void setName(String name) { this.name = name; }
}
