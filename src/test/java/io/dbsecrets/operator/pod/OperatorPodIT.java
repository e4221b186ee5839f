package io.dbsecrets.operator.pod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;
import io.dbsecrets.operator.api.ExternalDbSecretStatus;
import io.dbsecrets.operator.api.RolloutTarget;
import io.dbsecrets.operator.api.WorkloadKind;
import io.dbsecrets.operator.support.Edbs;
import io.dbsecrets.operator.support.MotoServer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The path users take: the image scripts/image.sh builds, installed by the chart with Helm on a cluster whose node
 * runs pods (scripts/node-up.sh). The operator runs in its pods with in-cluster configuration and its
 * ServiceAccount's token, reaches moto on the node's address, and restarts a real application whose new pod reads
 * the rotated credentials. The tests share one installation and run in order: the last one uninstalls it.
 */
@Tag("pod")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperatorPodIT {
  /** Images are loaded, not pulled; the JVMs start on two shared cores. */
  private static final Duration TIMEOUT = Duration.ofMinutes(3);
  private static final Path CHART = Path.of("helm", "externaldbsecret-operator");
  private static final String RELEASE = "dbsecrets";
  private static final String NAMESPACE = "dbsecrets-system";
  private static final String FULLNAME = RELEASE + "-externaldbsecret-operator";
  private static final String INSTANCE = "app.kubernetes.io/instance";
  private static final String APPS = "shop";
  private static final String APP = "orders";
  private static final String SECRET_ID = "shop/orders-db";

  private static PodCluster cluster;
  private static MotoServer moto;
  private static KubernetesClient admin;

  @BeforeAll
  static void installTheChart() {
    cluster = PodCluster.start();
    admin = cluster.admin();
    moto = MotoServer.start(cluster.nodeIp());
    Release release = new Helm(CHART).install()
        .withName(RELEASE).withNamespace(NAMESPACE).createNamespace()
        .withKubeConfig(cluster.kubeconfig())
        .set("image.repository", PodCluster.OPERATOR_IMAGE.substring(0, PodCluster.OPERATOR_IMAGE.lastIndexOf(':')))
        .set("image.tag", PodCluster.OPERATOR_IMAGE.substring(PodCluster.OPERATOR_IMAGE.lastIndexOf(':') + 1))
        // loaded into the node's containerd, never pulled
        .set("image.pullPolicy", "Never")
        .set("replicaCount", 2)
        .set("aws.endpoint", moto.endpoint().toString())
        .set("aws.region", MotoServer.REGION)
        // moto accepts any keys; on EKS the identity comes from IRSA or Pod Identity
        .set("env[0].name", "AWS_ACCESS_KEY_ID").set("env[0].value", "testing")
        .set("env[1].name", "AWS_SECRET_ACCESS_KEY").set("env[1].value", "testing")
        .call();
    assertThat(release.getStatus()).isEqualTo("deployed");
  }

  @AfterAll
  static void stopEverything() {
    if (moto != null) {
      moto.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @Order(1)
  void operatorPodsBecomeReadyThroughTheirProbesAndOneHoldsTheLeaderLease() {
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(operatorPods())
        .hasSize(2).allMatch(OperatorPodIT::ready));
    Pod pod = operatorPods().get(0);
    assertThat(pod.getSpec().getServiceAccountName()).isEqualTo(FULLNAME);
    assertThat(pod.getSpec().getContainers().get(0).getImage()).isEqualTo(PodCluster.OPERATOR_IMAGE);

    List<String> podNames = operatorPods().stream().map(p -> p.getMetadata().getName()).toList();
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(lease()).isNotNull()
        .extracting(l -> l.getSpec().getHolderIdentity()).isIn(podNames));
    // the holder renews it: leadership is kept, not just taken once
    var renewed = lease().getSpec().getRenewTime();
    await().atMost(TIMEOUT).until(() -> !Objects.equals(renewed, lease().getSpec().getRenewTime()));
    assertThat(lease().getSpec().getHolderIdentity()).isIn(podNames);
    // a leader that cannot renew its Lease exits and is restarted (the chart once lacked "patch" on it)
    assertThat(operatorPods()).allSatisfy(p ->
        assertThat(p.getStatus().getContainerStatuses().get(0).getRestartCount()).isZero());
    // the image's class-data sharing archive is mapped (its jlinked JRE has no archive of its own, so "sharing" is
    // the image's archive of the operator's classes, dumped by the Dockerfile)
    assertThat(admin.pods().inNamespace(NAMESPACE).withName(pod.getMetadata().getName()).getLog())
        .containsPattern("operator started: .*, java 17[^ ]* \\(mixed mode, [^)]*sharing\\)");
  }

  @Test
  @Order(2)
  void syncsFromMotoAndARotationReplacesTheAppPodWithOneThatSeesTheNewValue() {
    admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(APPS)
        .addToAnnotations("dbsecrets.io/allowed-secrets", "shop/*").endMetadata().build()).serverSideApply();
    moto.createSecret(SECRET_ID, "{\"username\":\"orders\",\"password\":\"first\"}");
    Edbs edbs = new Edbs(admin, APPS);
    edbs.create("orders-db", spec -> {
      spec.setSecretId(SECRET_ID);
      spec.setRefreshInterval("5s");
      spec.getRollout().setTargets(List.of(new RolloutTarget(WorkloadKind.Deployment, APP)));
    });
    await().atMost(TIMEOUT).until(() -> "True/Synced".equals(edbs.readyReason("orders-db")));
    admin.apps().deployments().inNamespace(APPS).resource(app("orders-db")).create();
    await().atMost(TIMEOUT).until(() -> appLogs().contains("DB_PASSWORD=first"));
    String firstPod = onlyAppPod().getMetadata().getUid();

    moto.putSecret(SECRET_ID, "{\"username\":\"orders\",\"password\":\"second\"}");

    await().atMost(TIMEOUT).untilAsserted(() -> {
      List<Pod> pods = appPods();
      assertThat(pods).extracting(p -> p.getMetadata().getUid()).doesNotContain(firstPod);
      assertThat(pods).hasSize(1);
      assertThat(appLogs()).contains("DB_PASSWORD=second").doesNotContain("DB_PASSWORD=first");
    });
  }

  @Test
  @Order(3)
  void aRotationToTheSameDataReplacesNothing() {
    Edbs edbs = new Edbs(admin, APPS);
    await().atMost(TIMEOUT).until(() -> rolloutSettled(edbs.get("orders-db").getStatus()));
    String pod = onlyAppPod().getMetadata().getUid();
    Map<String, String> restartedFor = operatorAnnotations();
    long generation = admin.apps().deployments().inNamespace(APPS).withName(APP).get().getMetadata().getGeneration();

    String sameData = moto.putSecret(SECRET_ID, "{\"username\":\"orders\",\"password\":\"second\"}");

    await().atMost(TIMEOUT).until(() -> sameData.equals(edbs.get("orders-db").getStatus().getSyncedVersionId()));
    assertThat(rolloutSettled(edbs.get("orders-db").getStatus())).isTrue();
    assertThat(operatorAnnotations()).isEqualTo(restartedFor);
    assertThat(admin.apps().deployments().inNamespace(APPS).withName(APP).get().getMetadata().getGeneration())
        .isEqualTo(generation);
    assertThat(appPods()).extracting(p -> p.getMetadata().getUid()).containsExactly(pod);
  }

  @Test
  @Order(4)
  void upgradeToOneReplicaRemovesTheLeaseRoleAndTheNewPodKeepsSyncing() {
    Release upgraded = new Helm(CHART).upgrade()
        .withName(RELEASE).withNamespace(NAMESPACE).withKubeConfig(cluster.kubeconfig())
        .reuseValues().set("replicaCount", 1)
        .call();

    assertThat(upgraded.getStatus()).isEqualTo("deployed");
    // one replica without leaderElection.enabled needs no Lease: its Role and RoleBinding go with the upgrade
    assertThat(admin.rbac().roles().inNamespace(NAMESPACE).withName(FULLNAME + "-leader-election").get()).isNull();
    assertThat(admin.rbac().roleBindings().inNamespace(NAMESPACE).withName(FULLNAME + "-leader-election").get())
        .isNull();
    await().atMost(TIMEOUT).untilAsserted(() ->
        assertThat(operatorPods()).singleElement().matches(OperatorPodIT::ready));
    Edbs edbs = new Edbs(admin, APPS);
    String lastSync = edbs.get("orders-db").getStatus().getLastSyncTime();
    edbs.forceSync("orders-db", "after-upgrade");
    await().atMost(TIMEOUT).until(() -> !lastSync.equals(edbs.get("orders-db").getStatus().getLastSyncTime()));
    assertThat(edbs.readyReason("orders-db")).isEqualTo("True/Synced");
  }

  @Test
  @Order(5)
  void uninstallRemovesEveryObjectOfTheReleaseAndKeepsTheCrdAndTheResources() {
    Helm.uninstall(RELEASE).withNamespace(NAMESPACE).withKubeConfig(cluster.kubeconfig()).call();

    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(releaseObjects()).isEmpty());
    assertThat(admin.apiextensions().v1().customResourceDefinitions().withName("externaldbsecrets.dbsecrets.io")
        .get()).isNotNull();
    assertThat(new Edbs(admin, APPS).get("orders-db")).isNotNull();
    assertThat(admin.secrets().inNamespace(APPS).withName("orders-db").get()).isNotNull();
  }

  /** Everything labelled with the release, namespaced or not, that Helm or a controller made for it. */
  private static List<HasMetadata> releaseObjects() {
    return Stream.<List<? extends HasMetadata>>of(
            admin.pods().inNamespace(NAMESPACE).withLabel(INSTANCE, RELEASE).list().getItems(),
            admin.apps().replicaSets().inNamespace(NAMESPACE).withLabel(INSTANCE, RELEASE).list().getItems(),
            admin.apps().deployments().inNamespace(NAMESPACE).withLabel(INSTANCE, RELEASE).list().getItems(),
            admin.services().inNamespace(NAMESPACE).withLabel(INSTANCE, RELEASE).list().getItems(),
            admin.serviceAccounts().inNamespace(NAMESPACE).withLabel(INSTANCE, RELEASE).list().getItems(),
            admin.configMaps().inNamespace(NAMESPACE).withLabel(INSTANCE, RELEASE).list().getItems(),
            admin.rbac().roles().inAnyNamespace().withLabel(INSTANCE, RELEASE).list().getItems(),
            admin.rbac().roleBindings().inAnyNamespace().withLabel(INSTANCE, RELEASE).list().getItems(),
            admin.rbac().clusterRoles().withLabel(INSTANCE, RELEASE).list().getItems(),
            admin.rbac().clusterRoleBindings().withLabel(INSTANCE, RELEASE).list().getItems(),
            admin.policy().v1().podDisruptionBudget().inAnyNamespace().withLabel(INSTANCE, RELEASE).list()
                .getItems())
        .flatMap(List::stream).map(HasMetadata.class::cast).toList();
  }

  private static List<Pod> operatorPods() {
    return admin.pods().inNamespace(NAMESPACE).withLabel(INSTANCE, RELEASE).list().getItems();
  }

  private static boolean ready(Pod pod) {
    return pod.getStatus() != null && pod.getStatus().getConditions() != null && pod.getStatus().getConditions()
        .stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static Lease lease() {
    return admin.leases().inNamespace(NAMESPACE).withName(FULLNAME).get();
  }

  /** The application reads the Secret at start, as most do: through its environment. */
  private static Deployment app(String secret) {
    return new DeploymentBuilder()
        .withNewMetadata().withName(APP).withNamespace(APPS).endMetadata()
        .withNewSpec()
        .withNewSelector().addToMatchLabels("app", APP).endSelector()
        .withNewTemplate()
        .withNewMetadata().addToLabels("app", APP).endMetadata()
        .withNewSpec()
        .withTerminationGracePeriodSeconds(1L)
        .addNewContainer().withName(APP).withImage(PodCluster.APP_IMAGE).withImagePullPolicy("Never")
        .addNewEnv().withName("DB_PASSWORD").withNewValueFrom().withNewSecretKeyRef("password", secret, false)
        .endValueFrom().endEnv()
        .endContainer().endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  /** The running, not terminating, pods of the application. */
  private static List<Pod> appPods() {
    return admin.pods().inNamespace(APPS).withLabel("app", APP).list().getItems().stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
  }

  private static Pod onlyAppPod() {
    List<Pod> pods = appPods();
    assertThat(pods).hasSize(1);
    return pods.get(0);
  }

  /** The logs of the application's current pods, through the API server and the kubelet, as kubectl logs. */
  private static String appLogs() {
    StringBuilder logs = new StringBuilder();
    for (Pod pod : appPods()) {
      if (pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase())) {
        logs.append(admin.pods().inNamespace(APPS).withName(pod.getMetadata().getName()).getLog());
      }
    }
    return logs.toString();
  }

  /** The restarts the operator has made: its annotations on the pod template. */
  private static Map<String, String> operatorAnnotations() {
    Map<String, String> annotations = admin.apps().deployments().inNamespace(APPS).withName(APP).get()
        .getSpec().getTemplate().getMetadata().getAnnotations();
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

  /** Synced, and the workloads run with the synced data: no rollout is due. */
  private static boolean rolloutSettled(ExternalDbSecretStatus status) {
    return status != null && status.getDataHash() != null && status.getDataHash().equals(status.getRolloutDataHash());
  }
}
