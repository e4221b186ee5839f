package io.dbsecrets.operator.bench;

import io.dbsecrets.operator.api.ExternalDbSecret;
import io.dbsecrets.operator.kube.Conditions;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Watches every ExternalDbSecret and notes when each first shows Ready=True, as a user's watch would. */
final class ReadyTracker implements AutoCloseable {
  private final Map<String, Long> readyAt = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<Long>> waiters = new ConcurrentHashMap<>();
  private final SharedIndexInformer<ExternalDbSecret> informer;

  ReadyTracker(KubernetesClient client) {
    informer = client.resources(ExternalDbSecret.class).inAnyNamespace().inform(new ResourceEventHandler<>() {
      @Override
      public void onAdd(ExternalDbSecret r) {
        observe(r);
      }

      @Override
      public void onUpdate(ExternalDbSecret old, ExternalDbSecret r) {
        observe(r);
      }

      @Override
      public void onDelete(ExternalDbSecret r, boolean unknown) {}
    });
  }

  private void observe(ExternalDbSecret r) {
    boolean ready = r.getStatus() != null && Conditions.find(r.getStatus().getConditions(), Conditions.READY)
        .map(c -> "True".equals(c.getStatus())).orElse(false);
    if (!ready) {
      return;
    }
    String key = key(r.getMetadata().getNamespace(), r.getMetadata().getName());
    long now = System.nanoTime();
    if (readyAt.putIfAbsent(key, now) == null) {
      waiters.computeIfAbsent(key, k -> new CompletableFuture<>()).complete(now);
    }
  }

  static String key(String namespace, String name) {
    return namespace + "/" + name;
  }

  int readyCount() {
    return readyAt.size();
  }

  /** nanoTime at which the resource was first seen Ready. */
  long awaitReady(String namespace, String name, Duration timeout) throws TimeoutException {
    try {
      return waiters.computeIfAbsent(key(namespace, name), k -> new CompletableFuture<>())
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (java.util.concurrent.ExecutionException e) {
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
      int n = readyAt.size();
      if (n / Math.max(1, count / 10) != lastReported) {
        lastReported = n / Math.max(1, count / 10);
        Bench.log("ready %d/%d", n, count);
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
