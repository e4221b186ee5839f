package io.dbsecrets.operator.it;

import static io.dbsecrets.operator.it.RealCluster.TIMEOUT;
import static io.dbsecrets.operator.it.RealCluster.decode;
import static io.dbsecrets.operator.support.OperatorHarness.events;
import static io.dbsecrets.operator.support.OperatorHarness.readyReason;
import static io.dbsecrets.operator.support.OperatorHarness.secret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.dbsecrets.operator.api.CreationPolicy;
import io.dbsecrets.operator.api.DeletionPolicy;
import io.dbsecrets.operator.api.ExternalDbSecret;
import io.dbsecrets.operator.api.RolloutTarget;
import io.dbsecrets.operator.api.WorkloadKind;
import io.dbsecrets.operator.rollout.ArgoRollouts;
import io.dbsecrets.operator.support.ArgoRolloutFixture;
import io.dbsecrets.operator.support.MotoServer;
import io.dbsecrets.operator.support.OperatorHarness;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The operator with exactly the permissions the Helm chart grants in its default, cluster-wide mode: deploy/ (the
 * chart rendered with its defaults) through {@link ChartOperator}. Every feature must still work, so the chart
 * grants enough; the operator holds nothing beyond it, so a missing grant fails here.
 */
@ExtendWith(KubeControlPlaneExtension.class)
class ChartRbacOperatorIT {
  static final Path DEPLOY = Path.of("deploy", "externaldbsecret-operator.yaml");

  private static MotoServer moto;
  private static ChartOperator operator;
  private static String namespace;

  @BeforeAll
  static void startOperatorAsTheChartsServiceAccount(KubeControlPlane kube, KubernetesClient admin) {
    RealCluster.installCrd(admin);
    namespace = RealCluster.newNamespace(admin, "chart-rbac-it");
    // the namespace policy is on, as the chart sets it: this namespace may read its own secrets
    admin.namespaces().withName(namespace).edit(ns -> new NamespaceBuilder(ns).editMetadata()
        .addToAnnotations("dbsecrets.io/allowed-secrets", namespace + "/*").endMetadata().build());
    moto = MotoServer.shared();
    moto.reset();
    operator = ChartOperator.start(kube, admin, load(admin), moto);
  }

  @AfterAll
  static void stopOperator() {
    if (operator != null) {
      operator.close();
    }
  }

  @Test
  void operatorActsAsTheChartsServiceAccountAndMayNotReadWhatTheChartDoesNotGrant() {
    assertThatThrownBy(() -> operator.client().configMaps().inNamespace(namespace).list())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
  }

  @Test
  void syncsWritesStatusAndEventsAndRepairsDrift(KubernetesClient admin) {
    moto.createSecret(namespace + "/app-db", "{\"username\":\"app\",\"password\":\"from-aws\"}");
    RealCluster.create(admin, namespace, "app-db", spec -> spec.setSecretId(namespace + "/app-db"));

    await().atMost(TIMEOUT).until(() -> "from-aws".equals(decode(secret(admin, namespace, "app-db"), "password")));
    await().atMost(TIMEOUT).until(() -> "True/Synced".equals(readyReason(admin, namespace, "app-db")));
    await().atMost(TIMEOUT).until(() -> events(admin, namespace, "app-db").stream()
        .anyMatch(e -> "Synced".equals(e.getReason()) && "Normal".equals(e.getType())));

    admin.secrets().inNamespace(namespace).withName("app-db").edit(s -> new SecretBuilder(s)
        .addToData("password", Base64.getEncoder().encodeToString("hand-edited".getBytes(StandardCharsets.UTF_8)))
        .build());
    await().atMost(TIMEOUT).until(() -> "from-aws".equals(decode(secret(admin, namespace, "app-db"), "password")));

    admin.secrets().inNamespace(namespace).withName("app-db").delete();
    await().atMost(TIMEOUT).until(() -> "from-aws".equals(decode(secret(admin, namespace, "app-db"), "password")));
  }

  @Test
  void failureIsReportedOnStatusAndAsAWarningEvent(KubernetesClient admin) {
    RealCluster.create(admin, namespace, "missing", spec -> spec.setSecretId(namespace + "/does-not-exist"));

    await().atMost(TIMEOUT).until(() -> "False/SecretNotFound".equals(readyReason(admin, namespace, "missing")));
    await().atMost(TIMEOUT).until(() -> events(admin, namespace, "missing").stream()
        .anyMatch(e -> "SecretNotFound".equals(e.getReason()) && "Warning".equals(e.getType())));

    // a forced sync fails the same way: the repeat bumps the count of the one Event
    admin.resources(ExternalDbSecret.class).inNamespace(namespace).withName("missing")
        .edit(r -> {
          r.getMetadata().getAnnotations().put(ExternalDbSecret.FORCE_SYNC_ANNOTATION, "1");
          return r;
        });
    await().atMost(TIMEOUT).until(() -> events(admin, namespace, "missing").stream()
        .anyMatch(e -> "SecretNotFound".equals(e.getReason()) && e.getCount() != null && e.getCount() >= 2));
  }

  @Test
  void mergeWritesItsKeysIntoAnExistingSecretAndKeepsTheOthers(KubernetesClient admin) {
    admin.secrets().inNamespace(namespace).resource(new SecretBuilder().withNewMetadata().withName("app-config")
        .endMetadata().addToStringData("FEATURE_FLAGS", "beta").build()).create();
    moto.createSecret(namespace + "/merged", "{\"password\":\"from-aws\"}");
    RealCluster.create(admin, namespace, "merged", spec -> {
      spec.setSecretId(namespace + "/merged");
      spec.getTarget().setName("app-config");
      spec.getTarget().setCreationPolicy(CreationPolicy.Merge);
    });

    await().atMost(TIMEOUT).until(() -> "from-aws".equals(decode(secret(admin, namespace, "app-config"), "password")));
    assertThat(decode(secret(admin, namespace, "app-config"), "FEATURE_FLAGS")).isEqualTo("beta");
  }

  @Test
  void deletionPolicyDeleteRemovesTheSecretWhenTheAwsSecretIsDeleted(KubernetesClient admin) {
    moto.createSecret(namespace + "/short-lived", "{\"password\":\"from-aws\"}");
    RealCluster.create(admin, namespace, "short-lived", spec -> {
      spec.setSecretId(namespace + "/short-lived");
      spec.setRefreshInterval("2s");
      spec.getTarget().setDeletionPolicy(DeletionPolicy.Delete);
    });
    await().atMost(TIMEOUT).until(() -> secret(admin, namespace, "short-lived") != null);

    moto.admin().deleteSecret(b -> b.secretId(namespace + "/short-lived").forceDeleteWithoutRecovery(true));

    // deletionPolicy Delete acts on a second not-found answer 30 s after the first
    await().atMost(TIMEOUT.plusSeconds(30)).until(() -> secret(admin, namespace, "short-lived") == null);
  }

  @Test
  void secretOutsideTheNamespacePolicyIsDeniedWithWhatToAnnotate(KubernetesClient admin) {
    RealCluster.create(admin, namespace, "other-team", spec -> spec.setSecretId("other-team/db"));

    await().atMost(TIMEOUT).until(() -> "False/PolicyDenied".equals(readyReason(admin, namespace, "other-team")));
    assertThat(OperatorHarness.ready(RealCluster.get(admin, namespace, "other-team")).orElseThrow().getMessage())
        .contains("dbsecrets.io/allowed-secrets");
  }

  @Test
  void rotationRestartsATargetDeployment(KubernetesClient admin) {
    moto.createSecret(namespace + "/api-db", "{\"password\":\"first\"}");
    admin.apps().deployments().inNamespace(namespace).resource(new DeploymentBuilder()
        .withNewMetadata().withName("api").endMetadata()
        .withNewSpec()
        .withNewSelector().addToMatchLabels("app", "api").endSelector()
        .withNewTemplate()
        .withNewMetadata().addToLabels("app", "api").endMetadata()
        .withNewSpec().addNewContainer().withName("api").withImage("registry.invalid/api:1")
        .addNewEnvFrom().withNewSecretRef().withName("api-db").endSecretRef().endEnvFrom()
        .endContainer().endSpec()
        .endTemplate()
        .endSpec()
        .build()).create();
    RealCluster.create(admin, namespace, "api-db", spec -> {
      spec.setSecretId(namespace + "/api-db");
      spec.setRefreshInterval("2s");
      spec.getRollout().setTargets(List.of(new RolloutTarget(WorkloadKind.Deployment, "api")));
      // auto lists every workload kind and asks API discovery whether Argo Rollouts is installed: the chart's
      // grants and the built-in discovery role must let it, or the restart fails (RestartFailed)
      spec.getRollout().setAuto(true);
    });
    await().atMost(TIMEOUT).until(() -> "True/Synced".equals(readyReason(admin, namespace, "api-db")));

    moto.putSecret(namespace + "/api-db", "{\"password\":\"second\"}");

    await().atMost(TIMEOUT).until(() -> {
      Map<String, String> annotations = admin.apps().deployments().inNamespace(namespace).withName("api").get()
          .getSpec().getTemplate().getMetadata().getAnnotations();
      return annotations != null && annotations.keySet().stream().anyMatch(k -> k.startsWith("dbsecrets.io/"));
    });
    await().atMost(TIMEOUT).until(() -> "2".equals(admin.apps().deployments().inNamespace(namespace)
        .withName("api").get().getMetadata().getAnnotations().get("deployment.kubernetes.io/revision")));
  }

  @Test
  void rotationRestartsAnArgoRolloutWithTheChartsGrants(KubernetesClient admin) {
    admin.resource(ArgoRolloutFixture.crd(admin)).forceConflicts().serverSideApply();
    try {
      await().atMost(TIMEOUT).until(() -> RealCluster.established(
          admin.apiextensions().v1().customResourceDefinitions().withName(ArgoRollouts.CRD_NAME).get()));
      ArgoRolloutFixture.rollouts(admin).inNamespace(namespace)
          .resource(ArgoRolloutFixture.readingSecret("checkout", "checkout-db")).create();
      moto.createSecret(namespace + "/checkout-db", "{\"password\":\"first\"}");
      // named (get) and auto (list), then the restart (patch)
      RealCluster.create(admin, namespace, "checkout-db", spec -> {
        spec.setSecretId(namespace + "/checkout-db");
        spec.setRefreshInterval("2s");
        spec.getRollout().setTargets(List.of(new RolloutTarget(WorkloadKind.Rollout, "checkout")));
        spec.getRollout().setAuto(true);
      });
      await().atMost(TIMEOUT).until(() -> "True/Synced".equals(readyReason(admin, namespace, "checkout-db")));

      moto.putSecret(namespace + "/checkout-db", "{\"password\":\"second\"}");

      await().atMost(TIMEOUT).until(() -> ArgoRolloutFixture.spec(ArgoRolloutFixture.rollouts(admin)
          .inNamespace(namespace).withName("checkout").get()).containsKey("restartAt"));
    } finally {
      // the CRD is cluster-wide: the other IT classes run without it
      admin.apiextensions().v1().customResourceDefinitions().withName(ArgoRollouts.CRD_NAME).delete();
    }
  }

  private static List<HasMetadata> load(KubernetesClient admin) {
    try (InputStream in = new FileInputStream(DEPLOY.toFile())) {
      return admin.load(in).items();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
