package io.dbsecrets.operator.kube;

import io.dbsecrets.operator.api.ExternalDbSecret;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.util.function.UnaryOperator;

/**
 * An informer cache that keeps the {@link CachedCopies compact copy} of each object. The informer hands its event
 * handlers the object it stored, so the operator sees the same copy in events and in the cache.
 */
public final class CompactItemStore<R extends HasMetadata> extends BasicItemStore<R> {
  private final UnaryOperator<R> compaction;

  private CompactItemStore(UnaryOperator<R> compaction) {
    super(Cache::metaNamespaceKeyFunc);
    this.compaction = compaction;
  }

  public static CompactItemStore<ExternalDbSecret> ofResources() {
    return new CompactItemStore<>(CachedCopies::resource);
  }

  public static CompactItemStore<Secret> ofSecrets() {
    return new CompactItemStore<>(CachedCopies::secret);
  }

  /**
   * The key {@code namespace/name}, shared: the informer keeps it in its map and in every index entry, and an
   * ExternalDbSecret and its Secret (same namespace and name by default) have the same key.
   */
  @Override
  public String getKey(R object) {
    return SharedStrings.of(super.getKey(object));
  }

  @Override
  public R put(String key, R object) {
    return super.put(key, compaction.apply(object));
  }
}
