package io.dbsecrets.operator.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.dbsecrets.operator.api.ExternalDbSecret;
import io.dbsecrets.operator.api.ExternalDbSecretSpec;
import io.dbsecrets.operator.api.ExternalDbSecretStatus;
import io.dbsecrets.operator.api.RolloutState;
import io.dbsecrets.operator.api.RolloutTarget;
import io.dbsecrets.operator.api.WorkloadKind;
import io.dbsecrets.operator.rollout.WorkloadResult.Outcome;
import io.dbsecrets.operator.support.ArgoRolloutFixture;
import io.dbsecrets.operator.support.MockRequests;
import io.dbsecrets.operator.support.SettableClock;
import io.dbsecrets.operator.support.WorkloadFixtures;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Argo Rollouts as a workload kind, against the fabric8 mock server with the tests' Rollout CRD (or without it):
 * WorkloadRollouts called as the reconciler calls it.
 */
@EnableKubernetesMockClient(crud = true)
class ArgoRolloutRestartTest {
  private static final String NAMESPACE = "apps";
  private static final Instant T0 = Instant.parse("2026-11-29T10:00:00.250Z");
  private static final String DISCOVERY = "/apis/argoproj.io/v1alpha1";

  KubernetesClient client;
  KubernetesMockServer server;

  private final SettableClock clock = new SettableClock(T0);
  private WorkloadRollouts rollouts;
  private ExternalDbSecret resource;

  @BeforeEach
  void setUp() {
    rollouts = new WorkloadRollouts(new Workloads(client, clock), new RestartWindows(Duration.ZERO), Duration.ZERO,
        clock);
    resource = new ExternalDbSecret();
    resource.getMetadata().setName("api-db");
    resource.getMetadata().setNamespace(NAMESPACE);
    resource.setSpec(new ExternalDbSecretSpec());
    resource.getSpec().setSecretId("db/api");
    resource.setStatus(new ExternalDbSecretStatus());
    resource.getStatus().setRolloutDataHash("hash-one-00000000");
  }

  @Test
  void aNamedRolloutGetsRestartAtAndTheMarkerOnItsOwnMetadataOnce() {
    installCrd();
    create(ArgoRolloutFixture.readingSecret("checkout", "api-db"));
    named("checkout");

    RolloutOutcome outcome = sync("hash-one-00000000", "hash-two-00000000");

    assertThat(outcome.results()).extracting(WorkloadResult::outcome).containsExactly(Outcome.RESTARTED);
    GenericKubernetesResource rollout = rollout("checkout");
    assertThat(ArgoRolloutFixture.spec(rollout)).containsEntry("restartAt", "2026-11-29T10:00:01Z");
    assertThat(rollout.getMetadata().getAnnotations())
        .containsEntry(RestartMarker.MARKER_ANNOTATION, "api-db:" + RestartMarker.shortHash("hash-two-00000000"))
        .containsEntry(RestartMarker.RESTARTED_AT_ANNOTATION, T0.toString());
    @SuppressWarnings("unchecked")
    Map<String, Object> template = (Map<String, Object>) ArgoRolloutFixture.spec(rollout).get("template");
    assertThat(template.get("metadata")).as("the pod template is not touched: it would start a new Argo revision")
        .isEqualTo(Map.of("labels", Map.of("app", "checkout")));
    assertThat(outcome.tracked()).singleElement().satisfies(e -> {
      assertThat(e.getWorkload()).isEqualTo("Rollout/checkout");
      assertThat(e.getState()).isEqualTo(RolloutState.Restarting);
    });

    // the same data again, even from an operator that lost its memory: the marker says it is done
    clock.advance(Duration.ofMinutes(5));
    resource.getStatus().setRolloutDataHash("hash-one-00000000");
    resource.getStatus().setRolledOut(null);
    assertThat(sync("hash-one-00000000", "hash-two-00000000").results()).extracting(WorkloadResult::outcome)
        .containsExactly(Outcome.ALREADY_RESTARTED);
    assertThat(ArgoRolloutFixture.spec(rollout("checkout"))).containsEntry("restartAt", "2026-11-29T10:00:01Z");
  }

  @Test
  void autoRestartsTheRolloutsWhoseTemplateReadsTheSecretAndLeavesAWorkloadRefDeploymentToArgo() {
    installCrd();
    create(ArgoRolloutFixture.readingSecret("checkout", "api-db"));
    create(ArgoRolloutFixture.readingSecret("unrelated", "other-db"));
    client.apps().deployments().inNamespace(NAMESPACE).resource(new DeploymentBuilder()
        .withNewMetadata().withName("cart-template").endMetadata()
        .withNewSpec().withReplicas(0).withNewSelector().addToMatchLabels("app", "cart").endSelector()
        .withNewTemplate().withNewMetadata().addToLabels("app", "cart").endMetadata()
        .withNewSpec().addNewContainer().withName("cart").withImage("cart").addNewEnvFrom()
        .withNewSecretRef().withName("api-db").endSecretRef().endEnvFrom().endContainer().endSpec()
        .endTemplate().endSpec().build()).create();
    create(ArgoRolloutFixture.referencing("cart", "cart-template"));
    resource.getSpec().getRollout().setAuto(true);

    RolloutOutcome outcome = sync("hash-one-00000000", "hash-two-00000000");

    assertThat(outcome.results()).extracting(r -> r.ref().toString(), WorkloadResult::outcome)
        .containsExactlyInAnyOrder(tuple("Rollout/checkout", Outcome.RESTARTED),
            tuple("Rollout/cart", Outcome.RESTARTED));
    assertThat(ArgoRolloutFixture.spec(rollout("cart"))).containsKey("restartAt");
    assertThat(ArgoRolloutFixture.spec(rollout("unrelated"))).doesNotContainKey("restartAt");
    assertThat(client.apps().deployments().inNamespace(NAMESPACE).withName("cart-template").get().getSpec()
        .getTemplate().getMetadata().getAnnotations()).isNullOrEmpty();
  }

  @Test
  void aNamedRolloutWithoutTheCrdSaysTheCrdIsNotInstalled() {
    named("checkout");

    RolloutOutcome outcome = sync("hash-one-00000000", "hash-two-00000000");

    assertThat(outcome.results()).extracting(WorkloadResult::outcome).containsExactly(Outcome.NOT_FOUND);
    assertThat(outcome.summary().reason()).isEqualTo(RolloutSummary.TARGET_NOT_FOUND);
    assertThat(outcome.summary().conditionStatus()).isFalse();
    assertThat(outcome.summary().message()).isEqualTo(
        "Rollout/checkout cannot be restarted: the Argo Rollouts CRD (rollouts.argoproj.io) is not installed");
  }

  @Test
  void aMissingRolloutWithTheCrdInstalledIsAnOrdinaryMissingTarget() {
    installCrd();
    named("checkout");
    assertThat(sync("hash-one-00000000", "hash-two-00000000").summary().message())
        .isEqualTo("Rollout/checkout not found");
  }

  @Test
  void autoWithoutTheCrdSkipsRolloutsAndAsksDiscoveryOncePerRecheck() {
    client.apps().deployments().inNamespace(NAMESPACE).resource(new DeploymentBuilder()
        .withNewMetadata().withName("api").endMetadata()
        .withNewSpec().withNewTemplate().withNewSpec().addNewContainer().withName("api").withImage("api")
        .addNewEnvFrom().withNewSecretRef().withName("api-db").endSecretRef().endEnvFrom().endContainer().endSpec()
        .endTemplate().endSpec().build()).create();
    resource.getSpec().getRollout().setAuto(true);
    drainRequests();

    assertThat(sync("hash-one-00000000", "hash-two-00000000").results()).extracting(r -> r.ref().toString())
        .containsExactly("Deployment/api");
    assertThat(sync("hash-two-00000000", "hash-three-000000").results()).extracting(r -> r.ref().toString())
        .containsExactly("Deployment/api");
    assertThat(drainRequests()).as("discovery asked once, no Rollout read").containsOnlyOnce(DISCOVERY)
        .noneMatch(path -> path.contains("/rollouts"));

    clock.advance(ServedResource.RECHECK);
    sync("hash-three-000000", "hash-four-0000000");
    assertThat(drainRequests()).containsOnlyOnce(DISCOVERY);
  }

  @Test
  void aPausedRolloutIsLeftPausedAndReported() {
    installCrd();
    GenericKubernetesResource paused = ArgoRolloutFixture.readingSecret("checkout", "api-db");
    Map<String, Object> spec = new HashMap<>(ArgoRolloutFixture.spec(paused));
    spec.put("paused", true);
    paused.getAdditionalProperties().put("spec", spec);
    create(paused);
    named("checkout");

    RolloutOutcome outcome = sync("hash-one-00000000", "hash-two-00000000");
    assertThat(outcome.results()).extracting(WorkloadResult::outcome).containsExactly(Outcome.PAUSED);
    assertThat(ArgoRolloutFixture.spec(rollout("checkout"))).doesNotContainKey("restartAt");
  }

  private void installCrd() {
    client.apiextensions().v1().customResourceDefinitions().resource(ArgoRolloutFixture.crd(client)).create();
  }

  private void create(GenericKubernetesResource rollout) {
    ArgoRolloutFixture.rollouts(client).inNamespace(NAMESPACE).resource(rollout).create();
  }

  private GenericKubernetesResource rollout(String name) {
    return ArgoRolloutFixture.rollouts(client).inNamespace(NAMESPACE).withName(name).get();
  }

  private void named(String rollout) {
    resource.getSpec().getRollout().setTargets(List.of(new RolloutTarget(WorkloadKind.Rollout, rollout)));
  }

  /** One afterSync, and the status fields the reconciler would record from it. */
  private RolloutOutcome sync(String previousHash, String hash) {
    return WorkloadFixtures.recorded(resource, hash, rollouts.afterSync(resource, "api-db", previousHash, hash));
  }

  private List<String> drainRequests() {
    return MockRequests.takeAll(server).stream().map(RecordedRequest::getPath).toList();
  }
}
