package io.dbsecrets.operator.reconcile;

import io.dbsecrets.operator.api.CreationPolicy;
import io.dbsecrets.operator.api.ExternalDbSecret;
import io.dbsecrets.operator.api.ExternalDbSecretStatus;
import io.dbsecrets.operator.aws.FetchFailure;
import io.dbsecrets.operator.aws.SecretDescriber;
import io.dbsecrets.operator.aws.SecretPresence;
import io.fabric8.kubernetes.api.model.Secret;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A read failed in a way that may mean AWS deleted the secret: asks DescribeSecret, lets {@link DeletionDecision}
 * judge, keeps the first answer in status, and applies deletionPolicy: Delete once the deletion is confirmed.
 */
final class SecretDeletions {
  private final SecretDescriber describer;
  private final SecretWriter writer;
  private final EventRecorder events;
  private final String defaultRegion;

  SecretDeletions(SecretDescriber describer, SecretWriter writer, EventRecorder events, String defaultRegion) {
    this.describer = describer;
    this.writer = writer;
    this.events = events;
    this.defaultRegion = defaultRegion;
  }

  /** @param existing the target Secret as it is now, or null */
  DeletionDecision handle(ExternalDbSecret resource, Secret existing, FetchFailure failure, Duration interval,
                          Instant now) {
    ExternalDbSecretStatus status = resource.getStatus();
    SecretPresence presence = describer.describe(AwsRequests.of(resource, defaultRegion));
    DeletionDecision decision = DeletionDecision.decide(new DeletionDecision.Facts(resource.getSpec().getSecretId(),
        failure.reason(), failure.getMessage(), presence,
        status.getSecretGoneSince() == null ? null : Instant.parse(status.getSecretGoneSince()),
        status.getLastSyncTime() != null, resource.getSpec().getTarget().effectiveDeletionPolicy(),
        existing != null, mayDelete(resource, existing), DesiredSecret.targetName(resource),
        Backoff.after(status.failureCount() + 1, failure.reason().isTransient()), interval), now);
    status.setSecretGoneSince(decision.goneSince() == null ? null : decision.goneSince().toString());
    if (decision.deleteSecret()) {
      writer.delete(existing.getMetadata().getNamespace(), existing.getMetadata().getName());
      events.normal(resource, "SecretDeleted", "AWS secret '" + resource.getSpec().getSecretId()
          + "' is deleted (confirmed twice) and deletionPolicy is Delete: deleted Secret '"
          + existing.getMetadata().getName() + "'");
    }
    return decision;
  }

  /** Only a Secret this very spec synced and the operator wholly owns: a typo in secretId never deletes one. */
  static boolean mayDelete(ExternalDbSecret resource, Secret existing) {
    ExternalDbSecretStatus status = resource.getStatus();
    return existing != null
        && resource.getSpec().getTarget().effectiveCreationPolicy() != CreationPolicy.Merge
        && ManagedSecrets.isManagedBy(existing, resource.getMetadata().getName())
        && status.getSyncedVersionId() != null
        && Objects.equals(resource.getMetadata().getGeneration(), status.getSyncedGeneration());
  }
}
