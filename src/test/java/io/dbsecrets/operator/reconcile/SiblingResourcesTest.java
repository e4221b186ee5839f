package io.dbsecrets.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbsecrets.operator.api.ExternalDbSecret;
import io.dbsecrets.operator.api.ExternalDbSecretSpec;
import io.dbsecrets.operator.api.RolloutTarget;
import io.dbsecrets.operator.api.WorkloadKind;
import io.dbsecrets.operator.rollout.Workload;
import io.dbsecrets.operator.rollout.WorkloadRef;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SiblingResourcesTest {
  private static final String NS = "payments";
  private static final Workload API = workload("api", new PodSpecBuilder().addNewContainer().withName("api")
      .addNewEnvFrom().withNewSecretRef().withName("a").endSecretRef().endEnvFrom()
      .addNewEnvFrom().withNewSecretRef().withName("b").endSecretRef().endEnvFrom()
      .endContainer().build());

  @Test
  void resourcesWhoseSecretTheWorkloadReadsAreSiblings() {
    assertThat(SiblingResources.feeding(resource(NS, "a", "a"), List.of(API),
        List.of(resource(NS, "a", "a"), resource(NS, "b", "b"), resource(NS, "c", "c"))))
        .containsExactly(new ResourceID("b", NS));
  }

  @Test
  void theTargetSecretCountsNotTheResourceName() {
    assertThat(SiblingResources.feeding(resource(NS, "a", "a"), List.of(API),
        List.of(resource(NS, "b", "other-secret"), resource(NS, "orders", "b"))))
        .containsExactly(new ResourceID("orders", NS));
  }

  @Test
  void resourcesNamingTheWorkloadAsTargetAreSiblingsWithoutReadingIt() {
    ExternalDbSecret naming = resource(NS, "cache", "cache-creds");
    naming.getSpec().getRollout().setTargets(List.of(new RolloutTarget(WorkloadKind.Deployment, "api")));
    ExternalDbSecret otherKind = resource(NS, "set", "set-creds");
    otherKind.getSpec().getRollout().setTargets(List.of(new RolloutTarget(WorkloadKind.StatefulSet, "api")));
    assertThat(SiblingResources.feeding(resource(NS, "a", "a"), List.of(API), List.of(naming, otherKind)))
        .containsExactly(new ResourceID("cache", NS));
  }

  @Test
  void otherNamespacesAndResourcesBeingDeletedAreNotSiblings() {
    ExternalDbSecret deleting = resource(NS, "b", "b");
    deleting.getMetadata().setDeletionTimestamp("2026-11-29T10:00:00Z");
    assertThat(SiblingResources.feeding(resource(NS, "a", "a"), List.of(API),
        List.of(resource("elsewhere", "b", "b"), deleting))).isEmpty();
  }

  @Test
  void aRestartAsksAtMostABoundedNumberOfSiblings() {
    Workload wide = workload("wide", new PodSpecBuilder().addNewContainer().withName("wide")
        .addNewEnvFrom().withNewSecretRef().withName("shared").endSecretRef().endEnvFrom().endContainer().build());
    List<ExternalDbSecret> many = IntStream.range(0, SiblingResources.MAX + 10)
        .mapToObj(i -> resource(NS, "r" + i, "shared")).toList();
    assertThat(SiblingResources.feeding(resource(NS, "a", "a"), List.of(wide), many))
        .hasSize(SiblingResources.MAX);
  }

  private static Workload workload(String name, PodSpec pod) {
    return new Workload(new WorkloadRef(NS, WorkloadKind.Deployment, name), false, Map.of(), pod, null,
        Duration.ofMinutes(10));
  }

  private static ExternalDbSecret resource(String namespace, String name, String target) {
    ExternalDbSecretSpec spec = new ExternalDbSecretSpec();
    spec.setSecretId("db/" + name);
    spec.getTarget().setName(target);
    ExternalDbSecret resource = new ExternalDbSecret();
    resource.getMetadata().setName(name);
    resource.getMetadata().setNamespace(namespace);
    resource.setSpec(spec);
    return resource;
  }
}
