package io.dbsecrets.operator.support;

import io.dbsecrets.operator.rollout.RestartMarker;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Counts the restarts of the workloads in a namespace as the API server reports them: each distinct value of the
 * restartedAt pod template annotation is one restart (one new ReplicaSet / rollout on a real cluster).
 */
public final class WorkloadWatch implements AutoCloseable {
  private final Map<String, Set<String>> restartedAt = new ConcurrentHashMap<>();
  private final List<Watch> watches;

  public WorkloadWatch(KubernetesClient client, String namespace) {
    watches = List.of(
        client.apps().deployments().inNamespace(namespace).watch(watcher(d -> d.getSpec().getTemplate())),
        client.apps().statefulSets().inNamespace(namespace).watch(watcher(s -> s.getSpec().getTemplate())),
        client.apps().daemonSets().inNamespace(namespace).watch(watcher(d -> d.getSpec().getTemplate())));
  }

  /** @param workload Kind/name */
  public int restarts(String workload) {
    return restartedAt.getOrDefault(workload, Set.of()).size();
  }

  private <T extends HasMetadata> Watcher<T> watcher(Function<T, PodTemplateSpec> template) {
    return new Watcher<>() {
      @Override
      public void eventReceived(Action action, T resource) {
        PodTemplateSpec spec = template.apply(resource);
        Map<String, String> annotations = spec == null || spec.getMetadata() == null ? null
            : spec.getMetadata().getAnnotations();
        String at = annotations == null ? null : annotations.get(RestartMarker.RESTARTED_AT_ANNOTATION);
        if (at != null) {
          restartedAt.computeIfAbsent(resource.getKind() + "/" + resource.getMetadata().getName(),
              k -> ConcurrentHashMap.newKeySet()).add(at);
        }
      }

      @Override
      public void onClose(WatcherException cause) {
      }
    };
  }

  @Override
  public void close() {
    watches.forEach(Watch::close);
  }
}
