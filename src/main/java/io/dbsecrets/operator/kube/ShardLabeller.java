package io.dbsecrets.operator.kube;

import io.dbsecrets.operator.api.ExternalDbSecret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the shard-key label on the ExternalDbSecrets that have none (or one naming no bucket), so that a shard's
 * informer selects them. Each shard labels only the resources whose bucket it owns: every resource is labelled once,
 * by the shard that then serves it, and a shard that is down delays only its own new resources. A label already
 * naming a bucket is kept, even if it is not the computed one: it pins the resource to that bucket's shard.
 *
 * <p>The watch selects only unlabelled resources, so in steady state it holds nothing. A label patch that fails
 * (API server down) is tried again at the informer's next resync, as the resource is still in its cache.
 */
public final class ShardLabeller implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ShardLabeller.class);
  private static final long RESYNC_MILLIS = Duration.ofMinutes(1).toMillis();
  private final KubernetesClient client;
  private final Shard shard;
  private final Set<String> namespaces;
  private final List<SharedIndexInformer<ExternalDbSecret>> informers = new ArrayList<>();

  /** @param namespaces the watched namespaces; empty means every namespace */
  public ShardLabeller(KubernetesClient client, Shard shard, Set<String> namespaces) {
    this.client = client;
    this.shard = shard;
    this.namespaces = namespaces;
  }

  /** The JSON merge patch that sets the label (JSON merge patch: what the API server and the mock server accept). */
  static String labelPatch(int bucket) {
    return "{\"metadata\":{\"labels\":{\"" + ShardKey.LABEL + "\":\"" + bucket + "\"}}}";
  }

  public synchronized void start() {
    if (!informers.isEmpty()) {
      return;
    }
    ResourceEventHandler<ExternalDbSecret> handler = new ResourceEventHandler<>() {
      @Override
      public void onAdd(ExternalDbSecret resource) {
        label(resource);
      }

      @Override
      public void onUpdate(ExternalDbSecret before, ExternalDbSecret resource) {
        label(resource);
      }

      @Override
      public void onDelete(ExternalDbSecret resource, boolean deletedFinalStateUnknown) {
      }
    };
    String selector = Shard.unservedSelector();
    if (namespaces.isEmpty()) {
      informers.add(client.resources(ExternalDbSecret.class).inAnyNamespace().withLabelSelector(selector)
          .inform(handler, RESYNC_MILLIS));
    } else {
      for (String namespace : namespaces) {
        informers.add(client.resources(ExternalDbSecret.class).inNamespace(namespace).withLabelSelector(selector)
            .inform(handler, RESYNC_MILLIS));
      }
    }
    log.info("labelling ExternalDbSecrets of shard {} of {} with {}", shard.index(), shard.count(), ShardKey.LABEL);
  }

  private void label(ExternalDbSecret resource) {
    String namespace = resource.getMetadata().getNamespace();
    String name = resource.getMetadata().getName();
    int bucket = ShardKey.bucket(namespace, name);
    if (!shard.owns(bucket)) {
      return;
    }
    try {
      client.resources(ExternalDbSecret.class).inNamespace(namespace).withName(name)
          .patch(PatchContext.of(PatchType.JSON_MERGE), labelPatch(bucket));
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        log.warn("could not label ExternalDbSecret {}/{} with {}={} ({}); trying again within a minute", namespace,
            name, ShardKey.LABEL, bucket, e.getMessage());
      }
    }
  }

  @Override
  public synchronized void close() {
    informers.forEach(SharedIndexInformer::close);
    informers.clear();
  }
}
