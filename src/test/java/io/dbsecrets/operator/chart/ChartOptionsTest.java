package io.dbsecrets.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChartOptionsTest {
  @Test
  void metricsServiceExposesTheHttpPortOfTheOperatorPods() {
    var rendered = Chart.renderDefaults();
    Service svc = rendered.one(Service.class);
    assertThat(svc.getSpec().getPorts()).singleElement().satisfies(p -> {
      assertThat(p.getName()).isEqualTo("http");
      assertThat(p.getTargetPort()).isEqualTo(new IntOrString("http"));
    });
    assertThat(rendered.one(Deployment.class).getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(svc.getSpec().getSelector());
  }

  @Test
  void serviceMonitorIsRenderedOnlyWhenAskedFor() {
    assertThat(Chart.renderDefaults().ofKind("ServiceMonitor")).isEmpty();

    var rendered = Chart.render("metrics: {serviceMonitor: {enabled: true, interval: 15s, labels: {release: prom}}}");
    var monitor = (GenericKubernetesResource) rendered.ofKind("ServiceMonitor").get(0);
    assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
    assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "prom");
    @SuppressWarnings("unchecked")
    var endpoint = (Map<String, Object>) ((List<?>) monitor.get("spec", "endpoints")).get(0);
    assertThat(endpoint).containsEntry("port", "http").containsEntry("path", "/metrics")
        .containsEntry("interval", "15s");
    @SuppressWarnings("unchecked")
    var selector = (Map<String, Object>) monitor.get("spec", "selector", "matchLabels");
    assertThat(rendered.one(Service.class).getMetadata().getLabels()).containsAllEntriesOf(
        Map.of("app.kubernetes.io/name", (String) selector.get("app.kubernetes.io/name"),
            "app.kubernetes.io/instance", (String) selector.get("app.kubernetes.io/instance")));
  }

  @Test
  void serviceMonitorWithoutTheServiceIsRefused() {
    assertThatThrownBy(() -> Chart.template(
        "metrics: {service: {enabled: false}, serviceMonitor: {enabled: true}}"))
        .hasMessageContaining("metrics.serviceMonitor.enabled needs metrics.service.enabled");
  }

  @Test
  void podDisruptionBudgetIsOptionalAndNeverBlocksADrainByDefault() {
    assertThat(Chart.renderDefaults().all(PodDisruptionBudget.class)).isEmpty();

    PodDisruptionBudget pdb = Chart.render("podDisruptionBudget: {enabled: true}").one(PodDisruptionBudget.class);
    assertThat(pdb.getSpec().getMaxUnavailable()).isEqualTo(new IntOrString(1));
    assertThat(pdb.getSpec().getMinAvailable()).isNull();

    PodDisruptionBudget min = Chart.render("replicaCount: 3\npodDisruptionBudget: {enabled: true, minAvailable: 2}")
        .one(PodDisruptionBudget.class);
    assertThat(min.getSpec().getMinAvailable()).isEqualTo(new IntOrString(2));
    assertThat(min.getSpec().getMaxUnavailable()).isNull();
  }

  @Test
  void everyNamespacedResourceLandsInTheReleaseNamespace() {
    Chart.render("replicaCount: 2\nmetrics: {serviceMonitor: {enabled: true}}\npodDisruptionBudget: {enabled: true}")
        .resources().stream()
        .filter(r -> !r.getKind().startsWith("Cluster"))
        .forEach(r -> assertThat(r.getMetadata().getNamespace()).as(r.getKind()).isEqualTo(Chart.NAMESPACE));
  }
}
