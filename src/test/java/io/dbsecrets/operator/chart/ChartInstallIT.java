package io.dbsecrets.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dbsecrets.operator.chart.ChartRbac.Grant;
import io.dbsecrets.operator.it.KubeControlPlane;
import io.dbsecrets.operator.it.KubeControlPlaneExtension;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** deploy/ and examples/ against a real kube-apiserver: schema, CEL rules, Pod Security admission and RBAC. */
@ExtendWith(KubeControlPlaneExtension.class)
class ChartInstallIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final String CRD_NAME = "externaldbsecrets.dbsecrets.io";
  private static final String APP_NAMESPACE = "chart-it-" + UUID.randomUUID().toString().substring(0, 8);

  @BeforeAll
  static void installPlainManifests(KubernetesClient admin) {
    for (HasMetadata r : Chart.parse(GeneratedFile.read(DeployManifests.FILE))) {
      admin.resource(r).forceConflicts().serverSideApply();
    }
    await().atMost(TIMEOUT).until(() -> established(admin.apiextensions().v1().customResourceDefinitions()
        .withName(CRD_NAME).get()));
  }

  @Test
  void operatorPodIsAdmittedByTheRestrictedPodSecurityStandard(KubernetesClient admin) {
    Namespace ns = admin.namespaces().withName(Chart.NAMESPACE).get();
    assertThat(ns.getMetadata().getLabels()).containsEntry("pod-security.kubernetes.io/enforce", "restricted");
    // No kubelet here: the pod stays Pending, but the ReplicaSet controller creating it proves admission.
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(admin.pods().inNamespace(Chart.NAMESPACE)
        .withLabel("app.kubernetes.io/instance", Chart.RELEASE).list().getItems()).isNotEmpty());
  }

  @Test
  void examplesAreAcceptedByTheInstalledCrd(KubernetesClient admin) throws Exception {
    admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(APP_NAMESPACE).endMetadata()
        .build()).serverSideApply();
    List<HasMetadata> examples;
    try (Stream<Path> files = Files.list(Path.of("examples"))) {
      examples = files.filter(p -> p.toString().endsWith(".yaml")).sorted()
          .flatMap(p -> Chart.parse(GeneratedFile.read(p)).stream())
          .filter(r -> !(r instanceof Namespace))
          .toList();
    }
    for (HasMetadata r : examples) {
      r.getMetadata().setNamespace(APP_NAMESPACE);
      admin.resource(r).serverSideApply();
    }
    assertThat(admin.genericKubernetesResources("dbsecrets.io/v1alpha1", "ExternalDbSecret")
        .inNamespace(APP_NAMESPACE).list().getItems()).hasSizeGreaterThanOrEqualTo(3);
  }

  @Test
  void operatorServiceAccountMayMakeItsCallsAndNothingElse(KubeControlPlane kube) {
    Set<Grant> granted = ChartRbac.granted();
    try (KubernetesClient operator = kube.serviceAccountClient(Chart.NAMESPACE, Chart.RELEASE)) {
      for (Grant g : granted) {
        boolean clusterScoped = g.resource().equals("namespaces");
        assertThat(allowed(operator, g, clusterScoped ? null : APP_NAMESPACE)).as("%s", g).isTrue();
      }
      for (Grant g : List.of(new Grant("", "configmaps", "get"), new Grant("", "pods", "list"),
          new Grant("apps", "deployments", "delete"), new Grant("dbsecrets.io", "externaldbsecrets", "create"),
          new Grant("coordination.k8s.io", "leases", "create"), new Grant("", "namespaces", "update"))) {
        assertThat(allowed(operator, g, g.resource().equals("namespaces") ? null : APP_NAMESPACE))
            .as("%s is not granted", g).isFalse();
      }
    }
  }

  private static boolean allowed(KubernetesClient client, Grant g, String namespace) {
    String[] resource = g.resource().split("/", 2);
    SelfSubjectAccessReview review = new SelfSubjectAccessReviewBuilder().withNewSpec().withNewResourceAttributes()
        .withGroup(g.apiGroup()).withResource(resource[0]).withSubresource(resource.length > 1 ? resource[1] : null)
        .withVerb(g.verb()).withNamespace(namespace)
        .endResourceAttributes().endSpec().build();
    return client.resource(review).create().getStatus().getAllowed();
  }

  private static boolean established(CustomResourceDefinition crd) {
    return crd != null && crd.getStatus() != null && crd.getStatus().getConditions().stream()
        .anyMatch(c -> c.getType().equals("Established") && c.getStatus().equals("True"));
  }
}
