package io.dbsecrets.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbsecrets.operator.it.KubeControlPlaneExtension;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The chart with every switch on, validated by a real kube-apiserver (server-side dry run: the server's schema
 * and admission check every object, nothing is persisted). The monitoring.coreos.com kinds are left out: this
 * server has no Prometheus Operator CRDs (ChartOptionsTest and PrometheusRulesTest check those objects).
 */
@ExtendWith(KubeControlPlaneExtension.class)
class ChartEverySwitchIT {
  @Test
  void everyObjectOfTheChartWithEverySwitchOnIsAcceptedByTheApiServer(KubernetesClient admin) {
    restrictedNamespaces(admin);
    List<HasMetadata> objects = withoutMonitoringKinds(ChartOptionsTest.EVERYTHING_ON);
    assertThat(objects).extracting(HasMetadata::getKind)
        .contains("Deployment", "NetworkPolicy", "PodDisruptionBudget", "ConfigMap", "Service");
    acceptedByTheServer(admin, objects);
  }

  @Test
  void everyObjectOfTheChartWithTwoShardsIsAcceptedByTheApiServer(KubernetesClient admin) {
    restrictedNamespaces(admin);
    List<HasMetadata> objects = withoutMonitoringKinds(ChartOptionsTest.EVERYTHING_ON + "shards: 2\n");
    assertThat(objects).filteredOn(o -> o.getKind().equals("Deployment")).hasSize(2);
    acceptedByTheServer(admin, objects);
  }

  private static void restrictedNamespaces(KubernetesClient admin) {
    for (String namespace : List.of(Chart.NAMESPACE, "grafana")) {
      admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace)
          .addToLabels("pod-security.kubernetes.io/enforce", "restricted").endMetadata().build()).serverSideApply();
    }
  }

  private static List<HasMetadata> withoutMonitoringKinds(String values) {
    return Chart.render(values).resources().stream()
        .filter(r -> !r.getApiVersion().startsWith("monitoring.coreos.com/"))
        .toList();
  }

  private static void acceptedByTheServer(KubernetesClient admin, List<HasMetadata> objects) {
    for (HasMetadata object : objects) {
      HasMetadata accepted = admin.resource(object).dryRun().forceConflicts().serverSideApply();
      assertThat(accepted.getMetadata().getName()).as(object.getKind()).isEqualTo(object.getMetadata().getName());
    }
  }
}
