package io.dbsecrets.operator.reconcile;

import io.dbsecrets.operator.api.ExternalDbSecret;
import io.dbsecrets.operator.aws.FetchFailure;
import io.dbsecrets.operator.aws.SecretDescriber;
import io.dbsecrets.operator.aws.SecretPresence;
import io.dbsecrets.operator.aws.SecretRequest;
import io.dbsecrets.operator.kube.EventRecorder;
import io.dbsecrets.operator.kube.SecretWriter;
import io.fabric8.kubernetes.api.model.Secret;
import java.time.Duration;
import java.time.Instant;

/**
 * A read failed in a way that may mean AWS deleted the secret: asks DescribeSecret, lets {@link DeletionDecision}
 * judge (the reconciler keeps the first answer in status), and applies deletionPolicy: Delete once the deletion is confirmed.
 */
final class SecretDeletions {
  private final SecretDescriber describer;
  private final SecretWriter writer;
  private final EventRecorder events;

  SecretDeletions(SecretDescriber describer, SecretWriter writer, EventRecorder events) {
    this.describer = describer;
    this.writer = writer;
    this.events = events;
  }

  /** @param existing the target Secret as it is now, or null */
  DeletionDecision handle(ExternalDbSecret resource, SecretRequest request, Secret existing, FetchFailure failure,
                          Duration interval, Instant now) {
    SecretPresence presence = describer.describe(request);
    DeletionDecision decision = DeletionDecision.decide(
        DeletionDecision.Facts.of(resource, existing, failure, presence, interval), now);
    if (decision.deleteSecret()) {
      writer.delete(existing.getMetadata().getNamespace(), existing.getMetadata().getName());
      events.normal(resource, "SecretDeleted", "AWS secret '" + resource.getSpec().getSecretId()
          + "' is deleted (confirmed twice) and deletionPolicy is Delete: deleted Secret '"
          + existing.getMetadata().getName() + "'");
    }
    return decision;
  }

}
