package io.dbsecrets.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class ExternalDbSecretStatus {
  @JsonPropertyDescription("The spec generation this status describes.")
  private Long observedGeneration;

  @JsonPropertyDescription("Ready and RolloutRestart conditions.")
  private List<Condition> conditions;

  @JsonPropertyDescription("Name of the Secret written.")
  private String targetSecret;

  @JsonPropertyDescription("AWS version ID of the synced secret value.")
  private String syncedVersionId;

  @JsonPropertyDescription("AWS version stages of the synced secret value.")
  private List<String> syncedVersionStages;

  @JsonPropertyDescription("When the secret was last read from AWS successfully (RFC 3339).")
  private String lastSyncTime;

  @JsonPropertyDescription("What made the last successful sync read AWS: poll (refresh interval), event (a Secrets "
      + "Manager event from the event queue), drift (the Secret was edited or deleted), spec (created or spec "
      + "changed), force (force-sync annotation), retry (after a failure), rollout (a restart of a workload it "
      + "feeds, due for another resource's change, asked it to read first).")
  private String lastSyncTrigger;

  @JsonPropertyDescription("When the next read from AWS is due (RFC 3339).")
  private String nextRefreshTime;

  @JsonPropertyDescription("Keyed hash (HMAC-SHA256) of the data written; changes exactly when the data changes.")
  private String dataHash;

  @JsonPropertyDescription("The value of the force-sync annotation last acted on.")
  private String forceSyncHandled;

  @JsonPropertyDescription("Failed syncs since the last successful one; drives the retry backoff.")
  private Integer consecutiveFailures;

  @JsonPropertyDescription("The spec generation of the last successful sync: deletionPolicy Delete acts only on a "
      + "Secret this very spec synced.")
  private Long syncedGeneration;

  @JsonPropertyDescription("When AWS first answered, confirmed by DescribeSecret, that the secret is deleted or "
      + "scheduled for deletion (RFC 3339); deletionPolicy Delete acts only on a second such answer at least 30s "
      + "later. Cleared when the secret is found again.")
  private String secretGoneSince;

  @JsonPropertyDescription("When workloads were last restarted (RFC 3339).")
  private String lastRolloutTime;

  @JsonPropertyDescription("The data hash the workloads run with: the last one they were restarted for, "
      + "or the one they started with. Differs from dataHash while a rollout is still due.")
  private String rolloutDataHash;

  @JsonPropertyDescription("Workloads restarted for the current data, each with how its rollout went.")
  private List<RolledOutWorkload> rolledOut;

  public Long getObservedGeneration() { return observedGeneration; }
  public void setObservedGeneration(Long observedGeneration) { this.observedGeneration = observedGeneration; }
  public List<Condition> getConditions() { return conditions; }
  public void setConditions(List<Condition> conditions) { this.conditions = conditions; }
  public String getTargetSecret() { return targetSecret; }
  public void setTargetSecret(String targetSecret) { this.targetSecret = targetSecret; }
  public String getSyncedVersionId() { return syncedVersionId; }
  public void setSyncedVersionId(String syncedVersionId) { this.syncedVersionId = syncedVersionId; }
  public List<String> getSyncedVersionStages() { return syncedVersionStages; }
  public void setSyncedVersionStages(List<String> syncedVersionStages) { this.syncedVersionStages = syncedVersionStages; }
  public String getLastSyncTrigger() { return lastSyncTrigger; }
  public void setLastSyncTrigger(String lastSyncTrigger) { this.lastSyncTrigger = lastSyncTrigger; }
  public String getLastSyncTime() { return lastSyncTime; }
  public void setLastSyncTime(String lastSyncTime) { this.lastSyncTime = lastSyncTime; }
  public String getNextRefreshTime() { return nextRefreshTime; }
  public void setNextRefreshTime(String nextRefreshTime) { this.nextRefreshTime = nextRefreshTime; }
  public String getDataHash() { return dataHash; }
  public void setDataHash(String dataHash) { this.dataHash = dataHash; }
  public String getForceSyncHandled() { return forceSyncHandled; }
  public void setForceSyncHandled(String forceSyncHandled) { this.forceSyncHandled = forceSyncHandled; }
  public Integer getConsecutiveFailures() { return consecutiveFailures; }

  public int failureCount() { return consecutiveFailures == null ? 0 : consecutiveFailures; }
  public void setConsecutiveFailures(Integer consecutiveFailures) { this.consecutiveFailures = consecutiveFailures; }
  public Long getSyncedGeneration() { return syncedGeneration; }
  public void setSyncedGeneration(Long syncedGeneration) { this.syncedGeneration = syncedGeneration; }
  public String getSecretGoneSince() { return secretGoneSince; }
  public void setSecretGoneSince(String secretGoneSince) { this.secretGoneSince = secretGoneSince; }
  public String getLastRolloutTime() { return lastRolloutTime; }
  public void setLastRolloutTime(String lastRolloutTime) { this.lastRolloutTime = lastRolloutTime; }
  public String getRolloutDataHash() { return rolloutDataHash; }
  public void setRolloutDataHash(String rolloutDataHash) { this.rolloutDataHash = rolloutDataHash; }
  public List<RolledOutWorkload> getRolledOut() { return rolledOut; }
  public void setRolledOut(List<RolledOutWorkload> rolledOut) { this.rolledOut = rolledOut; }
}
