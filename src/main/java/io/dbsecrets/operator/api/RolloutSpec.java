package io.dbsecrets.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class RolloutSpec {
  @Size(max = 32)
  @JsonPropertyDescription("Workloads in this namespace to restart when the synced data changes.")
  private List<RolloutTarget> targets = new ArrayList<>();

  @JsonPropertyDescription("Also restart every workload in the namespace whose pod template references the "
      + "target Secret (env, envFrom, volumes, projected volumes).")
  private boolean auto;

  public List<RolloutTarget> getTargets() { return targets; }
  public void setTargets(List<RolloutTarget> targets) { this.targets = targets == null ? new ArrayList<>() : targets; }
  public boolean isAuto() { return auto; }
  public void setAuto(boolean auto) { this.auto = auto; }
}
