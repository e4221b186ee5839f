package io.dbsecrets.operator.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;

/**
 * An informer cache that keeps objects without {@code metadata.managedFields}. The operator never reads them, and
 * they were most of its heap: each entry parses into a tree of maps (at N = 20,000 the ExternalDbSecrets and their
 * Secrets held about a million maps, and the default 256 MiB heap filled at 10,000). controller-runtime strips them
 * the same way ({@code cache.TransformStripManagedFields}).
 *
 * <p>Writes stay correct without them: the operator updates Secrets and patches status with JSON merge patches or a
 * PUT of an object whose managedFields are unset, and the API server keeps the stored managedFields when a request
 * leaves them unset.
 */
public final class WithoutManagedFields<R extends HasMetadata> extends BasicItemStore<R> {
  public WithoutManagedFields() {
    super(Cache::metaNamespaceKeyFunc);
  }

  @Override
  public R put(String key, R object) {
    object.getMetadata().setManagedFields(null);
    return super.put(key, object);
  }
}
