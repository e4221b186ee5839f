package io.dbsecrets.operator.bench;

import io.dbsecrets.operator.kube.ManagedSecrets;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Watches the operator's Secrets, as a workload's own watch would, and notes when each Secret was first seen holding
 * a given value of one key: the moment a rotation reached the cluster.
 */
final class SecretWatch implements AutoCloseable {
  private final String key;
  private final Map<String, CompletableFuture<Long>> seen = new ConcurrentHashMap<>();
  private final SharedIndexInformer<Secret> informer;

  SecretWatch(KubernetesClient client, String key) {
    this.key = key;
    informer = client.secrets().inAnyNamespace()
        .withLabel(ManagedSecrets.MANAGED_BY_LABEL, ManagedSecrets.MANAGED_BY_VALUE)
        .inform(new ResourceEventHandler<>() {
          @Override
          public void onAdd(Secret s) {
            observe(s);
          }

          @Override
          public void onUpdate(Secret old, Secret s) {
            observe(s);
          }

          @Override
          public void onDelete(Secret s, boolean unknown) {}
        });
  }

  private void observe(Secret s) {
    long now = System.nanoTime();
    String encoded = s.getData() == null ? null : s.getData().get(key);
    if (encoded == null) {
      return;
    }
    String value = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
    future(s.getMetadata().getNamespace(), s.getMetadata().getName(), value).complete(now);
  }

  private CompletableFuture<Long> future(String namespace, String name, String value) {
    return seen.computeIfAbsent(namespace + "/" + name + "\u0000" + value, k -> new CompletableFuture<>());
  }

  /** nanoTime at which the Secret was first seen with {@code value} under the watched key. */
  long awaitValue(String namespace, String name, String value, Duration timeout) throws TimeoutException {
    try {
      return future(namespace, name, value).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    informer.close();
  }
}
