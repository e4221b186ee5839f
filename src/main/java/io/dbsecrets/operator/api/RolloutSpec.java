package io.dbsecrets.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class RolloutSpec {
  @Size(max = 32)
  @JsonPropertyDescription("Workloads in this namespace to restart when the synced data changes.")
  private List<RolloutTarget> targets = new ArrayList<>();

  @JsonPropertyDescription("Also restart every workload in the namespace (Deployment, StatefulSet, DaemonSet, "
      + "and Argo Rollouts' Rollout when its CRD is installed) whose pod template references the target Secret "
      + "(env, envFrom, volumes, projected volumes).")
  private boolean auto;

  @Pattern(ExternalDbSecretSpec.DURATION_PATTERN)
  @Size(max = 64)
  @JsonPropertyDescription("Least time between two restarts of one workload, as a duration (30s, 15m, 1h); a restart "
      + "due sooner waits, then restarts with the data current at that time. Counted from the workload's "
      + "dbsecrets.io/restartedAt pod template annotation, whichever resource restarted it. Defaults to the "
      + "operator's setting DBSECRETS_ROLLOUT_MIN_INTERVAL.")
  private String minInterval;

  @JsonPropertyDescription("When restarts may happen; a restart due outside the window waits for it to open, "
      + "then restarts with the data current then. Default: any time.")
  private RestartWindow restartWindow;

  @JsonPropertyDescription("This resource's changes are urgent (for example a rotation the previous password does "
      + "not survive): they restart outside restartWindow too. minInterval still applies.")
  private boolean urgent;

  public List<RolloutTarget> getTargets() { return targets; }
  public void setTargets(List<RolloutTarget> targets) { this.targets = targets == null ? new ArrayList<>() : targets; }
  public boolean isAuto() { return auto; }
  public void setAuto(boolean auto) { this.auto = auto; }
  public RestartWindow getRestartWindow() { return restartWindow; }
  public void setRestartWindow(RestartWindow restartWindow) { this.restartWindow = restartWindow; }
  public boolean isUrgent() { return urgent; }
  public void setUrgent(boolean urgent) { this.urgent = urgent; }
  public String getMinInterval() { return minInterval; }
  public void setMinInterval(String minInterval) { this.minInterval = minInterval; }
}
