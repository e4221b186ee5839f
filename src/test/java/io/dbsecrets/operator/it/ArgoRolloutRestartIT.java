package io.dbsecrets.operator.it;

import static io.dbsecrets.operator.it.RealCluster.TIMEOUT;
import static io.dbsecrets.operator.support.OperatorHarness.readyReason;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dbsecrets.operator.api.RolledOutWorkload;
import io.dbsecrets.operator.api.RolloutState;
import io.dbsecrets.operator.api.RolloutTarget;
import io.dbsecrets.operator.api.WorkloadKind;
import io.dbsecrets.operator.kube.Conditions;
import io.dbsecrets.operator.rollout.ArgoRollouts;
import io.dbsecrets.operator.rollout.RestartMarker;
import io.dbsecrets.operator.rollout.WorkloadRollouts;
import io.dbsecrets.operator.support.ArgoRolloutFixture;
import io.dbsecrets.operator.support.MotoServer;
import io.dbsecrets.operator.support.OperatorExtension;
import io.dbsecrets.operator.support.OperatorHarness;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Argo Rollouts on a real API server with the tests' Rollout CRD and no Argo controller: what the operator writes
 * (spec.restartAt, once per change), how it reads Argo's status when the test plays Argo's part, and what a named
 * Rollout reports once the CRD is gone. The CRD is cluster-wide, so the test without it runs last and leaves the
 * cluster without it, as the other IT classes expect.
 */
@ExtendWith(KubeControlPlaneExtension.class)
@TestMethodOrder(OrderAnnotation.class)
class ArgoRolloutRestartIT {
  @RegisterExtension
  static final OperatorExtension env = RealCluster.operator("argo-it");
  private static MotoServer moto;
  private static String namespace;

  @BeforeAll
  static void installArgoCrd() {
    moto = env.moto();
    namespace = env.namespace();
    KubernetesClient admin = KubeControlPlane.shared().adminClient();
    admin.resource(ArgoRolloutFixture.crd(admin)).forceConflicts().serverSideApply();
    await().atMost(TIMEOUT).until(() -> RealCluster.established(
        admin.apiextensions().v1().customResourceDefinitions().withName(ArgoRollouts.CRD_NAME).get()));
  }

  @Test
  @Order(1)
  void aNamedRolloutGetsRestartAtOnceAfterARotationAndIsFollowedByArgosStatus(KubernetesClient admin) {
    createRollout(admin, ArgoRolloutFixture.readingSecret("checkout", "checkout-db"));
    syncedResource(admin, "checkout-db", List.of(new RolloutTarget(WorkloadKind.Rollout, "checkout")), false);

    // the first sync is what the pods start with: no restart
    awaitRefreshes(admin, "checkout-db", 2);
    assertThat(restartAt(admin, "checkout")).isNull();

    moto.putSecret(namespace + "/checkout-db", "{\"password\":\"second\"}");
    await().atMost(TIMEOUT).until(() -> restartAt(admin, "checkout") != null);
    String restartAt = restartAt(admin, "checkout");
    GenericKubernetesResource restarted = rollout(admin, "checkout");
    long generation = restarted.getMetadata().getGeneration();
    assertThat(restarted.getMetadata().getAnnotations()).containsKey(RestartMarker.MARKER_ANNOTATION);
    assertThat(ArgoRolloutFixture.spec(restarted).get("template")).as("the pod template is left as it was")
        .isEqualTo(ArgoRolloutFixture.spec(ArgoRolloutFixture.readingSecret("checkout", "checkout-db"))
            .get("template"));
    await().atMost(TIMEOUT).until(() -> state(admin, "checkout-db") == RolloutState.Restarting);
    assertThat(rolloutCondition(admin, "checkout-db")).isEqualTo("True/Restarting");

    // Argo's controller has restarted every pod: it reports restartedAt
    reportArgoStatus(admin, "checkout", Map.of("phase", "Healthy", "observedGeneration", String.valueOf(generation),
        "restartedAt", restartAt, "replicas", 2, "availableReplicas", 2));
    await().atMost(TIMEOUT).until(() -> state(admin, "checkout-db") == RolloutState.Complete);
    assertThat(rolloutCondition(admin, "checkout-db")).isEqualTo("True/Restarted");
    assertThat(OperatorHarness.events(admin, namespace, "checkout-db"))
        .anySatisfy(e -> assertThat(e.getReason()).isEqualTo(WorkloadRollouts.ROLLOUT_COMPLETE_EVENT));

    // later refreshes, and an operator restarted, read the same data: no second restart
    awaitRefreshes(admin, "checkout-db", 3);
    env.restartOperator();
    awaitRefreshes(admin, "checkout-db", 3);
    assertThat(restartAt(admin, "checkout")).isEqualTo(restartAt);
    assertThat(rollout(admin, "checkout").getMetadata().getGeneration()).isEqualTo(generation);
  }

  @Test
  @Order(2)
  void autoRestartsOnlyTheRolloutsWhoseTemplateReadsTheSecret(KubernetesClient admin) {
    createRollout(admin, ArgoRolloutFixture.readingSecret("cart", "cart-db"));
    createRollout(admin, ArgoRolloutFixture.readingSecret("unrelated", "other-db"));
    syncedResource(admin, "cart-db", List.of(), true);

    moto.putSecret(namespace + "/cart-db", "{\"password\":\"second\"}");
    await().atMost(TIMEOUT).until(() -> restartAt(admin, "cart") != null);
    String restartAt = restartAt(admin, "cart");
    await().atMost(TIMEOUT).until(() -> state(admin, "cart-db") == RolloutState.Restarting);
    assertThat(RealCluster.get(admin, namespace, "cart-db").getStatus().getRolledOut())
        .extracting(RolledOutWorkload::getWorkload).containsExactly("Rollout/cart");

    awaitRefreshes(admin, "cart-db", 3);
    assertThat(restartAt(admin, "cart")).isEqualTo(restartAt);
    assertThat(restartAt(admin, "unrelated")).isNull();
  }

  @Test
  @Order(3)
  void withoutTheCrdANamedRolloutSaysSoAndTheSecretStaysReady(KubernetesClient admin) {
    admin.apiextensions().v1().customResourceDefinitions().withName(ArgoRollouts.CRD_NAME).delete();
    await().atMost(TIMEOUT).until(() -> admin.apiextensions().v1().customResourceDefinitions()
        .withName(ArgoRollouts.CRD_NAME).get() == null
        && admin.getApiResources(ArgoRollouts.GROUP + "/" + ArgoRollouts.VERSION) == null);

    syncedResource(admin, "ghost-db", List.of(new RolloutTarget(WorkloadKind.Rollout, "ghost")), false);
    moto.putSecret(namespace + "/ghost-db", "{\"password\":\"second\"}");

    String expected = "Rollout/ghost cannot be restarted: " + ArgoRollouts.NOT_INSTALLED;
    await().atMost(TIMEOUT).until(() -> rolloutCondition(admin, "ghost-db").equals("False/TargetNotFound"));
    assertThat(condition(admin, "ghost-db").map(Condition::getMessage)).contains(expected);
    assertThat(readyReason(admin, namespace, "ghost-db")).isEqualTo("True/Synced");
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(OperatorHarness.events(admin, namespace, "ghost-db"))
        .anySatisfy(e -> {
          assertThat(e.getReason()).isEqualTo(WorkloadRollouts.FAILED_EVENT);
          assertThat(e.getMessage()).contains(expected);
        }));
  }

  /** Creates the AWS secret and a resource for it (2 s refresh) and waits for its first sync. */
  private static void syncedResource(KubernetesClient admin, String name, List<RolloutTarget> targets, boolean auto) {
    moto.createSecret(namespace + "/" + name, "{\"password\":\"first\"}");
    RealCluster.create(admin, namespace, name, spec -> {
      spec.setSecretId(namespace + "/" + name);
      spec.setRefreshInterval("2s");
      spec.getRollout().setTargets(targets);
      spec.getRollout().setAuto(auto);
    });
    await().atMost(TIMEOUT).until(() -> "True/Synced".equals(readyReason(admin, namespace, name)));
  }

  private static void createRollout(KubernetesClient admin, GenericKubernetesResource rollout) {
    ArgoRolloutFixture.rollouts(admin).inNamespace(namespace).resource(rollout).create();
  }

  /** Writes the status Argo's controller would write (the status subresource, as Argo does). */
  private static void reportArgoStatus(KubernetesClient admin, String name, Map<String, Object> status) {
    GenericKubernetesResource rollout = rollout(admin, name);
    rollout.getAdditionalProperties().put("status", status);
    ArgoRolloutFixture.rollouts(admin).inNamespace(namespace).resource(rollout).updateStatus();
  }

  private static GenericKubernetesResource rollout(KubernetesClient admin, String name) {
    return ArgoRolloutFixture.rollouts(admin).inNamespace(namespace).withName(name).get();
  }

  private static String restartAt(KubernetesClient admin, String name) {
    return (String) ArgoRolloutFixture.spec(rollout(admin, name)).get("restartAt");
  }

  private static RolloutState state(KubernetesClient admin, String resource) {
    List<RolledOutWorkload> rolledOut = RealCluster.get(admin, namespace, resource).getStatus().getRolledOut();
    return rolledOut == null || rolledOut.isEmpty() ? null : rolledOut.get(0).getState();
  }

  private static Optional<Condition> condition(KubernetesClient admin, String resource) {
    return Conditions.find(RealCluster.get(admin, namespace, resource).getStatus().getConditions(),
        Conditions.ROLLOUT_RESTART);
  }

  private static String rolloutCondition(KubernetesClient admin, String resource) {
    return condition(admin, resource).map(c -> c.getStatus() + "/" + c.getReason()).orElse("none");
  }

  /** Waits until the operator has read AWS this many more times (each refresh sets lastSyncTime). */
  private static void awaitRefreshes(KubernetesClient admin, String resource, int refreshes) {
    for (int i = 0; i < refreshes; i++) {
      String before = RealCluster.get(admin, namespace, resource).getStatus().getLastSyncTime();
      await().atMost(TIMEOUT).until(() -> !before.equals(
          RealCluster.get(admin, namespace, resource).getStatus().getLastSyncTime()));
    }
  }
}
