package io.dbsecrets.operator.aws.events;

import java.util.Objects;

/**
 * A change to one Secrets Manager secret, as an EventBridge event announced it. Carries no secret value: events
 * never do.
 *
 * @param secretId  the secret as the event names it: a full ARN, a partial ARN or a name
 * @param name      the secret's name when the event says it or a full ARN gives it, else null
 * @param region    the region the change happened in
 * @param account   the account the event came from, or null
 * @param versionId the version the event names (the one a label moved to, or the one written), or null
 * @param kind      what happened
 */
public record SecretEvent(String secretId, String name, String region, String account, String versionId,
                          Kind kind) {
  public SecretEvent {
    Objects.requireNonNull(secretId, "secretId");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(kind, "kind");
  }

  /** What happened to the secret. */
  public enum Kind {
    /** Native "Secret Label Updated": a label other than AWSPENDING or AWSPREVIOUS moved, e.g. AWSCURRENT. */
    LABEL_UPDATED,
    /** CloudTrail DeleteSecret: scheduled for deletion. */
    DELETED,
    /** CloudTrail RestoreSecret: a deletion cancelled. */
    RESTORED,
    /** CloudTrail PutSecretValue. */
    VALUE_PUT,
    /** CloudTrail UpdateSecret (value or settings). */
    UPDATED,
    /** CloudTrail UpdateSecretVersionStage. */
    STAGE_MOVED
  }

  /** The keys under which {@link SecretKeys} finds the resources that read this secret. */
  public java.util.Set<String> keys() {
    return SecretKeys.of(secretId, region);
  }
}
