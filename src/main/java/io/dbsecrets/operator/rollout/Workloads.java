package io.dbsecrets.operator.rollout;

import io.dbsecrets.operator.api.WorkloadKind;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The workloads the operator restarts, read and patched directly (no informer: rollouts are rare, and a cache of
 * every Deployment in the cluster would cost more than a GET or a namespace LIST per rollout). Needs get, list
 * and patch on apps deployments, statefulsets and daemonsets, and on argoproj.io rollouts ({@link ArgoRollouts}).
 */
public class Workloads {
  private static final List<WorkloadKind> APPS = List.of(WorkloadKind.Deployment, WorkloadKind.StatefulSet,
      WorkloadKind.DaemonSet);
  private final KubernetesClient client;
  private final ArgoRollouts argo;

  public Workloads(KubernetesClient client, Clock clock) {
    this.client = client;
    this.argo = new ArgoRollouts(client, clock);
  }

  /** @throws WorkloadKindNotInstalled for a Rollout when the Argo Rollouts CRD is not installed */
  public Optional<Workload> find(String namespace, WorkloadKind kind, String name) {
    if (kind == WorkloadKind.Rollout) {
      return argo.find(namespace, name).map(r -> describe(r, r.podSpec()));
    }
    HasMetadata found = client.resources(type(kind)).inNamespace(namespace).withName(name).get();
    return Optional.ofNullable(found).map(Workloads::describe);
  }

  /**
   * Every Deployment, StatefulSet and DaemonSet in the namespace, and every Rollout when Argo Rollouts is installed.
   * A Rollout with a workloadRef runs the pod template of its Deployment, so it is listed with that template, and the
   * Deployment is left out: Argo scales it down and watches its template, so restarting it would start a whole new
   * Argo revision (canary or blue-green steps) instead of a restart.
   */
  public List<Workload> list(String namespace) {
    Map<String, Workload> deployments = new HashMap<>();
    List<Workload> all = new ArrayList<>();
    for (WorkloadKind kind : APPS) {
      client.resources(type(kind)).inNamespace(namespace).list().getItems().stream().map(Workloads::describe)
          .forEach(w -> {
            all.add(w);
            if (kind == WorkloadKind.Deployment) {
              deployments.put(w.ref().name(), w);
            }
          });
    }
    for (ArgoRollout rollout : argo.list(namespace)) {
      Optional<Workload> template = rollout.templateDeployment().map(deployments::get);
      template.ifPresent(all::remove);
      all.add(describe(rollout, template.map(Workload::podSpec).orElse(rollout.podSpec())));
    }
    return all;
  }

  /**
   * Restarts the workload with these marker annotations: on the pod template, as {@code kubectl rollout restart}
   * does, with a JSON merge patch that touches nothing else (setting the same values again changes nothing and
   * starts no new rollout); a Rollout through its spec.restartAt ({@link ArgoRollouts#restart}).
   */
  public void restart(WorkloadRef workload, Instant at, Map<String, String> annotations) {
    if (workload.kind() == WorkloadKind.Rollout) {
      argo.restart(workload, at, annotations);
      return;
    }
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
      case Rollout -> throw new IllegalArgumentException("a Rollout is read through ArgoRollouts");
    };
  }

  private static Workload describe(ArgoRollout rollout, PodSpec podSpec) {
    return new Workload(new WorkloadRef(rollout.namespace(), WorkloadKind.Rollout, rollout.name()), rollout.paused(),
        rollout.annotations(), podSpec, rollout.progress(), rollout.deadline());
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
