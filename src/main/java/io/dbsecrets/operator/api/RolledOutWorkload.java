package io.dbsecrets.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One workload restarted for the current data, and how its rollout went. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RolledOutWorkload {
  @JsonPropertyDescription("The workload, as Kind/name.")
  private String workload;

  @JsonPropertyDescription("Restarting, Complete or Failed.")
  private RolloutState state;

  @JsonPropertyDescription("Progress, or the workload's own message when it failed.")
  private String message;

  @JsonPropertyDescription("When the restart was made (RFC 3339).")
  private String restartedAt;

  public RolledOutWorkload() {}

  /**
   * A status written before rollouts were followed lists bare {@code Kind/name} strings: read as restarted, with
   * nothing known about the rollout (Jackson uses this constructor for a string).
   */
  public RolledOutWorkload(String workload) {
    this.workload = workload;
  }

  public RolledOutWorkload(String workload, RolloutState state, String message, String restartedAt) {
    this.workload = workload;
    this.state = state;
    this.message = message;
    this.restartedAt = restartedAt;
  }

  public String getWorkload() { return workload; }
  public void setWorkload(String workload) { this.workload = workload; }
  public RolloutState getState() { return state; }
  public void setState(RolloutState state) { this.state = state; }
  public String getMessage() { return message; }
  public void setMessage(String message) { this.message = message; }
  public String getRestartedAt() { return restartedAt; }
  public void setRestartedAt(String restartedAt) { this.restartedAt = restartedAt; }

  @Override
  public String toString() {
    return workload + " " + state;
  }
}
