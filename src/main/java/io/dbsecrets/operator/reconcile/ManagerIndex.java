package io.dbsecrets.operator.reconcile;

import io.dbsecrets.operator.kube.ManagedSecrets;
import io.dbsecrets.operator.kube.SharedStrings;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.List;
import java.util.Map;

/**
 * Indexes the managed Secrets by the resource their source annotation names, so a sync finds the Secrets its
 * resource still marks as its own ({@link FormerTargets}) with one lookup: scanning the namespace's managed Secrets
 * on every sync cost a cycle O(N² / namespaces) comparisons.
 */
final class ManagerIndex {
  static final String NAME = "managing-resource";

  private ManagerIndex() {}

  static List<String> keys(Secret secret) {
    Map<String, String> annotations = secret.getMetadata().getAnnotations();
    String manager = annotations == null ? null : annotations.get(ManagedSecrets.SOURCE_ANNOTATION);
    return manager == null ? List.of()
        : List.of(SharedStrings.of(Cache.namespaceKeyFunc(secret.getMetadata().getNamespace(), manager)));
  }
}
