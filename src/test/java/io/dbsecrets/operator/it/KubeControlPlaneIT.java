package io.dbsecrets.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Checks that {@link KubeControlPlane} is a real cluster: RBAC, Deployment rollouts and GC work. */
@ExtendWith(KubeControlPlaneExtension.class)
class KubeControlPlaneIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final String NS = "kcp-it-" + UUID.randomUUID().toString().substring(0, 8);

  @BeforeAll
  static void createNamespace(KubernetesClient admin) {
    admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .create();
  }

  @Test
  void rbacAppliesToImpersonatedServiceAccounts(KubeControlPlane kube, KubernetesClient admin) {
    admin.serviceAccounts().inNamespace(NS)
        .resource(new ServiceAccountBuilder().withNewMetadata().withName("app").endMetadata().build()).create();

    try (KubernetesClient app = kube.serviceAccountClient(NS, "app")) {
      assertThatThrownBy(() -> app.secrets().inNamespace(NS).list())
          .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));

      admin.rbac().roles().inNamespace(NS).resource(new RoleBuilder()
          .withNewMetadata().withName("secret-reader").endMetadata()
          .addNewRule().withApiGroups("").withResources("secrets").withVerbs("get", "list").endRule()
          .build()).create();
      admin.rbac().roleBindings().inNamespace(NS).resource(new RoleBindingBuilder()
          .withNewMetadata().withName("app-secret-reader").endMetadata()
          .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("Role").withName("secret-reader")
          .endRoleRef()
          .addNewSubject().withKind("ServiceAccount").withName("app").withNamespace(NS).endSubject()
          .build()).create();

      await().atMost(TIMEOUT).ignoreExceptions()
          .untilAsserted(() -> assertThat(app.secrets().inNamespace(NS).list().getItems()).isNotNull());
    }
  }

  @Test
  void deploymentTemplateChangeRollsOutNewReplicaSet(KubernetesClient admin) {
    Deployment deployment = admin.apps().deployments().inNamespace(NS).resource(new DeploymentBuilder()
        .withNewMetadata().withName("web").endMetadata()
        .withNewSpec()
        .withNewSelector().addToMatchLabels("app", "web").endSelector()
        .withNewTemplate()
        .withNewMetadata().addToLabels("app", "web").endMetadata()
        .withNewSpec().addNewContainer().withName("web").withImage("registry.invalid/web:1").endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build()).create();
    await().atMost(TIMEOUT).until(() -> replicaSetCount(admin) == 1);

    admin.apps().deployments().inNamespace(NS).withName(deployment.getMetadata().getName())
        .edit(d -> new DeploymentBuilder(d).editSpec().editTemplate().editMetadata()
            .addToAnnotations("dbsecrets.io/restartedAt", "now").endMetadata().endTemplate().endSpec().build());

    await().atMost(TIMEOUT).until(() -> replicaSetCount(admin) == 2);
    await().atMost(TIMEOUT).until(() -> "2".equals(admin.apps().deployments().inNamespace(NS).withName("web").get()
        .getMetadata().getAnnotations().get("deployment.kubernetes.io/revision")));
  }

  @Test
  void garbageCollectorDeletesDependentsOfDeletedOwner(KubernetesClient admin) {
    ConfigMap owner = admin.configMaps().inNamespace(NS).resource(new ConfigMapBuilder()
        .withNewMetadata().withName("owner").endMetadata().withData(Map.of("a", "b")).build()).create();
    admin.configMaps().inNamespace(NS).resource(new ConfigMapBuilder()
        .withNewMetadata().withName("dependent")
        .addNewOwnerReference().withApiVersion("v1").withKind("ConfigMap")
        .withName("owner").withUid(owner.getMetadata().getUid()).endOwnerReference()
        .endMetadata().withData(Map.of("c", "d")).build()).create();

    admin.configMaps().inNamespace(NS).withName("owner").delete();

    await().atMost(TIMEOUT).until(() -> admin.configMaps().inNamespace(NS).withName("dependent").get() == null);
  }

  private static int replicaSetCount(KubernetesClient admin) {
    return admin.apps().replicaSets().inNamespace(NS).withLabel("app", "web").list().getItems().size();
  }
}
