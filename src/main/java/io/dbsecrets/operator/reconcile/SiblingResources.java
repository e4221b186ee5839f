package io.dbsecrets.operator.reconcile;

import io.dbsecrets.operator.api.ExternalDbSecret;
import io.dbsecrets.operator.api.RolloutSpec;
import io.dbsecrets.operator.rollout.SecretReferences;
import io.dbsecrets.operator.rollout.Workload;
import io.dbsecrets.operator.rollout.WorkloadRef;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * The other ExternalDbSecrets that feed the workloads a resource is about to restart: in the same namespace, their
 * target Secret is read by a workload's pod template, or they name the workload as a rollout target.
 */
final class SiblingResources {
  /**
   * How many siblings one restart asks to sync: a tenant with more resources feeding one workload than this gets
   * the rest synced on their own schedule, so one restart never queues an unbounded number of syncs.
   */
  static final int MAX = 50;

  private SiblingResources() {}

  static Set<ResourceID> feeding(ExternalDbSecret resource, Collection<Workload> workloads,
                                 Collection<ExternalDbSecret> inNamespace) {
    String namespace = resource.getMetadata().getNamespace();
    Set<ResourceID> siblings = new LinkedHashSet<>();
    for (ExternalDbSecret other : inNamespace) {
      if (siblings.size() >= MAX) {
        break;
      }
      if (!namespace.equals(other.getMetadata().getNamespace())
          || resource.getMetadata().getName().equals(other.getMetadata().getName())
          || other.getMetadata().getDeletionTimestamp() != null) {
        continue;
      }
      String target = DesiredSecret.targetName(other);
      if (workloads.stream().anyMatch(w -> SecretReferences.references(w.podSpec(), target)
          || names(other.getSpec().getRollout(), w.ref()))) {
        siblings.add(ResourceID.fromResource(other));
      }
    }
    return siblings;
  }

  private static boolean names(RolloutSpec rollout, WorkloadRef workload) {
    return rollout != null && rollout.getTargets() != null && rollout.getTargets().stream()
        .anyMatch(t -> t.getKind() == workload.kind() && Objects.equals(t.getName(), workload.name()));
  }
}
