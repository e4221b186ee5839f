package io.dbsecrets.operator.bench;

import io.dbsecrets.operator.api.ExternalDbSecret;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Watches every resource of one kind (ours or ESO's, read generically) and notes when each first shows the
 * condition Ready=True, as a user's watch would; both operators report readiness that way.
 */
final class ReadyWatch implements AutoCloseable {
  private final Map<String, Long> readyAt = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<Long>> waiters = new ConcurrentHashMap<>();
  private final SharedIndexInformer<GenericKubernetesResource> informer;

  ReadyWatch(KubernetesClient client, String apiVersion, String kind) {
    informer = client.genericKubernetesResources(apiVersion, kind).inAnyNamespace()
        .inform(new ResourceEventHandler<>() {
          @Override
          public void onAdd(GenericKubernetesResource r) {
            observe(r);
          }

          @Override
          public void onUpdate(GenericKubernetesResource old, GenericKubernetesResource r) {
            observe(r);
          }

          @Override
          public void onDelete(GenericKubernetesResource r, boolean unknown) {}
        });
  }

  /** Our resources' watch (scale and events runs). */
  static ReadyWatch ofExternalDbSecrets(KubernetesClient client) {
    return new ReadyWatch(client, HasMetadata.getApiVersion(ExternalDbSecret.class),
        HasMetadata.getKind(ExternalDbSecret.class));
  }

  static boolean isReady(GenericKubernetesResource r) {
    if (!(r.getAdditionalProperties().get("status") instanceof Map<?, ?> status)
        || !(status.get("conditions") instanceof List<?> conditions)) {
      return false;
    }
    return conditions.stream().filter(Map.class::isInstance).map(Map.class::cast)
        .anyMatch(c -> "Ready".equals(c.get("type")) && "True".equals(c.get("status")));
  }

  private void observe(GenericKubernetesResource r) {
    if (!isReady(r)) {
      return;
    }
    String key = r.getMetadata().getNamespace() + "/" + r.getMetadata().getName();
    long now = System.nanoTime();
    if (readyAt.putIfAbsent(key, now) == null) {
      waiters.computeIfAbsent(key, k -> new CompletableFuture<>()).complete(now);
    }
  }

  /** nanoTime at which the resource was first seen Ready. */
  long awaitReady(String namespace, String name, Duration timeout) throws TimeoutException {
    try {
      return waiters.computeIfAbsent(namespace + "/" + name, k -> new CompletableFuture<>())
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Waits until {@code count} resources were seen Ready; returns the nanoTime the last one was. */
  long awaitCount(int count, Duration timeout) throws TimeoutException {
    long deadline = System.nanoTime() + timeout.toNanos();
    int lastReported = -1;
    while (readyAt.size() < count) {
      if (System.nanoTime() > deadline) {
        throw new TimeoutException(readyAt.size() + " of " + count + " Ready after " + timeout);
      }
      int tenth = readyAt.size() / Math.max(1, count / 10);
      if (tenth != lastReported) {
        lastReported = tenth;
        Bench.log("ready %d/%d", readyAt.size(), count);
      }
      Bench.sleep(Duration.ofMillis(100));
    }
    return readyAt.values().stream().mapToLong(Long::longValue).max().orElse(System.nanoTime());
  }

  @Override
  public void close() {
    informer.close();
  }
}
