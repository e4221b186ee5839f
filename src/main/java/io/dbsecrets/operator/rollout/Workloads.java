package io.dbsecrets.operator.rollout;

import io.dbsecrets.operator.api.WorkloadKind;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The workloads the operator restarts, read and patched directly (no informer: rollouts are rare, and a cache of
 * every Deployment in the cluster would cost more than a GET or a namespace LIST per rollout). Needs get, list
 * and patch on apps deployments, statefulsets and daemonsets.
 */
public class Workloads {
  private final KubernetesClient client;

  public Workloads(KubernetesClient client) {
    this.client = client;
  }

  public Optional<Workload> find(String namespace, WorkloadKind kind, String name) {
    HasMetadata found = client.resources(type(kind)).inNamespace(namespace).withName(name).get();
    return Optional.ofNullable(found).map(Workloads::describe);
  }

  /** Every Deployment, StatefulSet and DaemonSet in the namespace. */
  public List<Workload> list(String namespace) {
    List<Workload> all = new ArrayList<>();
    for (WorkloadKind kind : WorkloadKind.values()) {
      client.resources(type(kind)).inNamespace(namespace).list().getItems()
          .forEach(w -> all.add(describe(w)));
    }
    return all;
  }

  /**
   * Sets the pod template annotations as {@code kubectl rollout restart} does, with a JSON merge patch that
   * touches nothing else: setting the same values again changes nothing and starts no new rollout.
   */
  public void annotateTemplate(WorkloadRef workload, Map<String, String> annotations) {
    String patch = Serialization.asJson(Map.of("spec", Map.of("template", Map.of("metadata",
        Map.of("annotations", annotations)))));
    client.resources(type(workload.kind())).inNamespace(workload.namespace()).withName(workload.name())
        .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
  }

  private static Class<? extends HasMetadata> type(WorkloadKind kind) {
    return switch (kind) {
      case Deployment -> Deployment.class;
      case StatefulSet -> StatefulSet.class;
      case DaemonSet -> DaemonSet.class;
    };
  }

  private static Workload describe(HasMetadata resource) {
    String namespace = resource.getMetadata().getNamespace();
    String name = resource.getMetadata().getName();
    RolloutProgress progress = RolloutProgress.of(resource);
    Duration deadline = RolloutProgress.deadline(resource);
    if (resource instanceof Deployment d) {
      return of(new WorkloadRef(namespace, WorkloadKind.Deployment, name),
          d.getSpec() != null && Boolean.TRUE.equals(d.getSpec().getPaused()),
          d.getSpec() == null ? null : d.getSpec().getTemplate(), progress, deadline);
    }
    if (resource instanceof StatefulSet s) {
      return of(new WorkloadRef(namespace, WorkloadKind.StatefulSet, name), false,
          s.getSpec() == null ? null : s.getSpec().getTemplate(), progress, deadline);
    }
    if (resource instanceof DaemonSet d) {
      return of(new WorkloadRef(namespace, WorkloadKind.DaemonSet, name), false,
          d.getSpec() == null ? null : d.getSpec().getTemplate(), progress, deadline);
    }
    throw new IllegalArgumentException("not a workload: " + resource.getKind());
  }

  private static Workload of(WorkloadRef ref, boolean paused, PodTemplateSpec template, RolloutProgress progress,
                             Duration deadline) {
    if (template == null) {
      return new Workload(ref, paused, Map.of(), null, progress, deadline);
    }
    return new Workload(ref, paused,
        template.getMetadata() == null ? Map.of() : template.getMetadata().getAnnotations(), template.getSpec(),
        progress, deadline);
  }
}
