package io.dbsecrets.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeployManifestsAreCurrentTest {
  @Test
  void deployDirectoryMatchesAFreshRenderOfTheChart() {
    GeneratedFile.assertCurrent(DeployManifests.FILE, DeployManifests.render(),
        "helm/externaldbsecret-operator rendered with default values");
  }

  @Test
  void plainManifestsInstallNamespaceCrdAndOperatorWithoutHelmBookkeeping() {
    List<HasMetadata> resources = Chart.parse(DeployManifests.render());
    assertThat(resources.get(0)).isInstanceOf(Namespace.class);
    assertThat(resources.get(0).getMetadata().getName()).isEqualTo("dbsecrets-system");
    assertThat(resources.get(1)).isInstanceOf(CustomResourceDefinition.class);
    assertThat(resources).filteredOn(r -> r instanceof Deployment).hasSize(1);
    assertThat(resources).allSatisfy(r -> assertThat(r.getMetadata().getLabels() == null
        ? List.of() : r.getMetadata().getLabels().keySet())
        .doesNotContain("helm.sh/chart", "app.kubernetes.io/managed-by"));
    assertThat(resources).filteredOn(r -> !(r instanceof Namespace || r instanceof CustomResourceDefinition)
            && !r.getKind().startsWith("Cluster"))
        .allSatisfy(r -> assertThat(r.getMetadata().getNamespace()).isEqualTo("dbsecrets-system"));
  }
}
