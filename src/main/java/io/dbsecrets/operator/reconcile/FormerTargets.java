package io.dbsecrets.operator.reconcile;

import io.dbsecrets.operator.api.ExternalDbSecret;
import io.dbsecrets.operator.kube.EventRecorder;
import io.dbsecrets.operator.kube.ManagedSecrets;
import io.dbsecrets.operator.kube.SecretWriter;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import java.net.HttpURLConnection;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * After a sync wrote the target Secret, finds the Secrets the resource still marks as its own under another name
 * (spec.target.name changed) and deletes or releases them ({@link FormerTarget}). They are found in the cache of
 * managed Secrets by their source annotation, not from status.targetSecret: that names only the last one, and a
 * rename whose sync failed, or two renames in a row, would leave one behind. Both lookups go through indexes
 * ({@link ManagerIndex}, {@link TargetIndex}): this runs after every sync.
 */
final class FormerTargets {
  private final SecretWriter writer;
  private final EventRecorder events;

  FormerTargets(SecretWriter writer, EventRecorder events) {
    this.writer = writer;
    this.events = events;
  }

  void release(ExternalDbSecret resource, String target, IndexerResourceCache<Secret> managed,
               Supplier<IndexerResourceCache<ExternalDbSecret>> resources) {
    String namespace = resource.getMetadata().getNamespace();
    String name = resource.getMetadata().getName();
    List<Secret> former = managed.byIndex(ManagerIndex.NAME, Cache.namespaceKeyFunc(namespace, name)).stream()
        .filter(s -> !target.equals(s.getMetadata().getName()) && ManagedSecrets.isManagedBy(s, name)).toList();
    for (Secret secret : former) {
      String formerName = secret.getMetadata().getName();
      boolean targetOfAnother = resources.get() != null
          && resources.get().byIndex(TargetIndex.NAME, Cache.namespaceKeyFunc(namespace, formerName)).stream()
              .anyMatch(other -> !name.equals(other.getMetadata().getName()));
      try {
        apply(resource, target, secret, FormerTarget.release(secret, resource, targetOfAnother));
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT && e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
          throw e;
        }
        // changed or gone since the cache saw it: the next reconcile looks at it again
      }
    }
  }

  private void apply(ExternalDbSecret resource, String target, Secret secret, Optional<Secret> released) {
    String namespace = resource.getMetadata().getNamespace();
    String formerName = secret.getMetadata().getName();
    if (released.isEmpty()) {
      writer.delete(namespace, formerName);
      events.normal(resource, "FormerTargetDeleted", "Secret '" + formerName + "' was this resource's target "
          + "before spec.target.name became '" + target + "': deleted");
    } else {
      writer.update(released.get());
      events.normal(resource, "FormerTargetReleased", "Secret '" + formerName + "' was this resource's target "
          + "before spec.target.name became '" + target + "': this resource's keys, label and annotations "
          + "removed, the rest left as it is");
    }
  }
}
