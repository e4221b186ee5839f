package io.dbsecrets.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The two ways users install: kubectl with the checked-in manifests, and Helm with the chart. */
@ExtendWith(KubeControlPlaneExtension.class)
class InstallOnRealServerIT {
  private static final Path CHART = Path.of("helm", "externaldbsecret-operator");

  @Test
  void kubectlAppliesTheCrdsThenTheExamples(KubeControlPlane kube, KubernetesClient admin) {
    // as kubectl's docs advise: in one `apply` with the examples, kubectl can map an ExternalDbSecret before the new
    // CRD is served ("no matches for kind"), which a loaded machine made this test hit
    String out = RealCluster.kubectl(kube, "apply", "-f", "crds/");
    RealCluster.kubectl(kube, "wait", "--for", "condition=established", "--timeout=60s",
        "crd/externaldbsecrets.dbsecrets.io");
    RealCluster.kubectl(kube, "apply", "-f", "examples/");

    assertThat(out).contains("customresourcedefinition.apiextensions.k8s.io/externaldbsecrets.dbsecrets.io");
    assertThat(RealCluster.kubectl(kube, "get", "edbs", "-n", "payments", "-o", "name").lines())
        .hasSizeGreaterThanOrEqualTo(3)
        .allMatch(name -> name.startsWith("externaldbsecret.dbsecrets.io/"));
    assertThat(admin.apps().deployments().inNamespace("payments").withName("api").get()).isNotNull();
  }

  @Test
  void helmInstallsTheChart(KubeControlPlane kube, KubernetesClient admin) {
    String release = "helm-it";
    String namespace = "helm-it-" + UUID.randomUUID().toString().substring(0, 8);

    Release installed = new Helm(CHART).install()
        .withName(release)
        .withNamespace(namespace)
        .createNamespace()
        .withKubeConfig(kube.kubeconfig())
        .call();

    assertThat(installed.getStatus()).isEqualTo("deployed");
    String fullname = release + "-externaldbsecret-operator";
    assertThat(admin.serviceAccounts().inNamespace(namespace).withName(fullname).get()).isNotNull();
    assertThat(admin.rbac().clusterRoleBindings().withName(fullname).get().getSubjects())
        .anyMatch(s -> s.getName().equals(fullname) && s.getNamespace().equals(namespace));
    assertThat(admin.apps().deployments().inNamespace(namespace).withName(fullname).get()).isNotNull();
    assertThat(admin.apiextensions().v1().customResourceDefinitions().withName(RealCluster.CRD_NAME).get())
        .isNotNull();

    Helm.uninstall(release).withNamespace(namespace).withKubeConfig(kube.kubeconfig()).call();
    assertThat(admin.rbac().clusterRoleBindings().withName(fullname).get()).isNull();
  }
}
