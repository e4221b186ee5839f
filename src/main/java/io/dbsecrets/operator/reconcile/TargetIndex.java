package io.dbsecrets.operator.reconcile;

import io.dbsecrets.operator.api.ExternalDbSecret;
import io.dbsecrets.operator.kube.ManagedSecrets;
import io.dbsecrets.operator.kube.SharedStrings;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Maps a change of a managed Secret to every resource that names it as its target, not only to the one that
 * manages it: a resource refused with TargetConflict then retries as soon as the Secret is deleted or released,
 * instead of waiting out its backoff.
 */
final class TargetIndex {
  static final String NAME = "target-secret";

  private TargetIndex() {}

  static List<String> keys(ExternalDbSecret resource) {
    // Shared: the informer keeps each index value; most equal the cache key of the resource and of its Secret.
    return List.of(SharedStrings.of(Cache.namespaceKeyFunc(resource.getMetadata().getNamespace(),
        DesiredSecret.targetName(resource))));
  }

  static Set<ResourceID> resourcesFor(Secret secret, IndexerResourceCache<ExternalDbSecret> resources) {
    String namespace = secret.getMetadata().getNamespace();
    Set<ResourceID> ids = new HashSet<>();
    Map<String, String> annotations = secret.getMetadata().getAnnotations();
    String manager = annotations == null ? null : annotations.get(ManagedSecrets.SOURCE_ANNOTATION);
    if (manager != null) {
      ids.add(new ResourceID(manager, namespace));
    }
    if (resources != null) {
      resources.byIndex(NAME, Cache.namespaceKeyFunc(namespace, secret.getMetadata().getName()))
          .forEach(resource -> ids.add(ResourceID.fromResource(resource)));
    }
    return ids;
  }
}
