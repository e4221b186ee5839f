package io.dbsecrets.operator.it;

import static io.dbsecrets.operator.it.RealCluster.TIMEOUT;
import static io.dbsecrets.operator.support.OperatorHarness.readyReason;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dbsecrets.operator.api.RolloutTarget;
import io.dbsecrets.operator.api.WorkloadKind;
import io.dbsecrets.operator.support.MotoServer;
import io.dbsecrets.operator.support.OperatorExtension;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Rolling restarts on a real control plane: the operator patches the pod template, and the real Deployment
 * controller in kube-controller-manager turns that into a new ReplicaSet revision, once per change.
 */
@ExtendWith(KubeControlPlaneExtension.class)
class RolloutRestartIT {
  private static final String APP = "api";

  @RegisterExtension
  static final OperatorExtension env = RealCluster.operator("rollout-it");
  private static MotoServer moto;
  private static String namespace;

  @BeforeAll
  static void names() {
    moto = env.moto();
    namespace = env.namespace();
  }

  @Test
  void rotationRestartsTheDeploymentOnceWithANewReplicaSetRevision(KubernetesClient admin) {
    moto.createSecret(namespace + "/api-db", "{\"username\":\"api\",\"password\":\"first\"}");
    admin.apps().deployments().inNamespace(namespace).resource(deploymentReading("api-db")).create();
    await().atMost(TIMEOUT).until(() -> replicaSets(admin) == 1 && "1".equals(revision(admin)));
    RealCluster.create(admin, namespace, "api-db", spec -> {
      spec.setSecretId(namespace + "/api-db");
      spec.setRefreshInterval("2s");
      spec.getRollout().setTargets(List.of(new RolloutTarget(WorkloadKind.Deployment, APP)));
    });
    await().atMost(TIMEOUT).until(() -> "True/Synced".equals(readyReason(admin, namespace, "api-db")));

    // the first sync is what the pods start with: refreshes come and go, the Deployment stays as it is
    awaitRefreshes(admin, 3);
    assertThat(operatorAnnotations(admin)).isEmpty();
    assertThat(replicaSets(admin)).isEqualTo(1);

    moto.putSecret(namespace + "/api-db", "{\"username\":\"api\",\"password\":\"second\"}");

    await().atMost(TIMEOUT).until(() -> !operatorAnnotations(admin).isEmpty());
    Map<String, String> restartedFor = operatorAnnotations(admin);
    await().atMost(TIMEOUT).until(() -> replicaSets(admin) == 2 && "2".equals(revision(admin)));
    long generation = deployment(admin).getMetadata().getGeneration();

    // later refreshes read the same data again: no second restart
    awaitRefreshes(admin, 3);
    assertThat(operatorAnnotations(admin)).isEqualTo(restartedFor);
    assertThat(deployment(admin).getMetadata().getGeneration()).isEqualTo(generation);
    assertThat(replicaSets(admin)).isEqualTo(2);
    assertThat(revision(admin)).isEqualTo("2");
  }

  /** Waits until the operator has read AWS this many more times (each refresh sets lastSyncTime). */
  private static void awaitRefreshes(KubernetesClient admin, int refreshes) {
    for (int i = 0; i < refreshes; i++) {
      String before = RealCluster.get(admin, namespace, "api-db").getStatus().getLastSyncTime();
      await().atMost(TIMEOUT).until(() -> !before.equals(
          RealCluster.get(admin, namespace, "api-db").getStatus().getLastSyncTime()));
    }
  }

  private static Deployment deploymentReading(String secretName) {
    return new DeploymentBuilder()
        .withNewMetadata().withName(APP).endMetadata()
        .withNewSpec()
        .withNewSelector().addToMatchLabels("app", APP).endSelector()
        .withNewTemplate()
        .withNewMetadata().addToLabels("app", APP).endMetadata()
        .withNewSpec().addNewContainer().withName(APP).withImage("registry.invalid/api:1")
        .addNewEnvFrom().withNewSecretRef().withName(secretName).endSecretRef().endEnvFrom()
        .endContainer().endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  private static Deployment deployment(KubernetesClient admin) {
    return admin.apps().deployments().inNamespace(namespace).withName(APP).get();
  }

  /** The pod template annotations the operator owns ({@code dbsecrets.io/...}). */
  private static Map<String, String> operatorAnnotations(KubernetesClient admin) {
    Map<String, String> annotations = deployment(admin).getSpec().getTemplate().getMetadata().getAnnotations();
    Map<String, String> ours = new TreeMap<>();
    if (annotations != null) {
      annotations.forEach((key, value) -> {
        if (key.startsWith("dbsecrets.io/")) {
          ours.put(key, value);
        }
      });
    }
    return ours;
  }

  private static int replicaSets(KubernetesClient admin) {
    return admin.apps().replicaSets().inNamespace(namespace).withLabel("app", APP).list().getItems().size();
  }

  private static String revision(KubernetesClient admin) {
    Map<String, String> annotations = deployment(admin).getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get("deployment.kubernetes.io/revision");
  }
}
