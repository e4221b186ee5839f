package io.dbsecrets.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
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
    Chart.render("replicaCount: 2\nmetrics: {serviceMonitor: {enabled: true}, prometheusRule: {enabled: true}, "
            + "dashboard: {enabled: true}}\npodDisruptionBudget: {enabled: true}\nnetworkPolicy: {enabled: true}")
        .resources().stream()
        .filter(r -> !r.getKind().startsWith("Cluster"))
        .forEach(r -> assertThat(r.getMetadata().getNamespace()).as(r.getKind()).isEqualTo(Chart.NAMESPACE));
  }

  /** Every switch of the chart, on at once: the render must succeed and produce each optional object. */
  static final String EVERYTHING_ON = """
      replicaCount: 2
      image: {digest: "sha256:%s"}
      extraArgs: ["--log-level=DEBUG"]
      extraVolumes: [{name: ca, configMap: {name: corporate-ca}}]
      extraVolumeMounts: [{name: ca, mountPath: /etc/ca, readOnly: true}]
      topologySpreadConstraints: [{maxSkew: 1, topologyKey: topology.kubernetes.io/zone, whenUnsatisfiable: ScheduleAnyway}]
      networkPolicy: {enabled: true, metricsFrom: [{namespaceSelector: {matchLabels: {name: monitoring}}}],
                      egress: [{ports: [{port: 443, protocol: TCP}]}]}
      podDisruptionBudget: {enabled: true}
      leaderElection: {enabled: true}
      metrics:
        perResource: true
        serviceMonitor: {enabled: true, relabelings: [{action: replace, targetLabel: cluster, replacement: prod}],
                         metricRelabelings: [{action: drop, sourceLabels: [__name__], regex: "jvm_buffer_.*"}]}
        prometheusRule: {enabled: true, labels: {release: prom}, alertLabels: {team: platform}}
        dashboard: {enabled: true, namespace: grafana, annotations: {grafana_folder: Platform}}
      """.formatted("a".repeat(64));

  @Test
  void rendersWithEverySwitchOnAndWithEverySwitchOff() {
    var on = Chart.render(EVERYTHING_ON);
    assertThat(on.resources()).extracting(r -> r.getKind()).contains("Deployment", "Service", "ServiceMonitor",
        "PrometheusRule", "ConfigMap", "NetworkPolicy", "PodDisruptionBudget");

    var off = Chart.render("""
        metrics: {service: {enabled: false}, serviceMonitor: {enabled: false}, podMonitor: {enabled: false},
                  prometheusRule: {enabled: false}, dashboard: {enabled: false}, perResource: false}
        networkPolicy: {enabled: false}
        podDisruptionBudget: {enabled: false}
        rbac: {create: false}
        serviceAccount: {create: false, name: existing}
        """);
    assertThat(off.resources()).extracting(r -> r.getKind()).containsExactly("Deployment");
  }

  @Test
  void imageDigestPinsTheImageInsteadOfTheTag() {
    String digest = "sha256:" + "b".repeat(64);
    Deployment d = Chart.render("image: {tag: \"9.9.9\", digest: \"" + digest + "\"}").one(Deployment.class);
    assertThat(d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("ghcr.io/dbsecrets/externaldbsecret-operator@" + digest);
  }

  @Test
  void extraArgsVolumesAndMountsReachTheOperatorContainer() {
    var pod = Chart.render(EVERYTHING_ON).one(Deployment.class).getSpec().getTemplate().getSpec();
    var container = pod.getContainers().get(0);
    assertThat(container.getArgs()).containsExactly("--log-level=DEBUG");
    assertThat(container.getVolumeMounts()).extracting(m -> m.getName() + ":" + m.getMountPath())
        .containsExactly("tmp:/tmp", "ca:/etc/ca");
    assertThat(pod.getVolumes()).extracting(v -> v.getName()).containsExactly("tmp", "ca");
    assertThat(pod.getVolumes().get(1).getConfigMap().getName()).isEqualTo("corporate-ca");
    assertThat(Chart.renderDefaults().one(Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0)
        .getArgs()).isEmpty();
  }

  @Test
  void topologySpreadConstraintSelectsTheOperatorPodsUnlessItSaysOtherwise() {
    var pod = Chart.render(EVERYTHING_ON).one(Deployment.class).getSpec().getTemplate();
    var constraint = pod.getSpec().getTopologySpreadConstraints().get(0);
    assertThat(constraint.getTopologyKey()).isEqualTo("topology.kubernetes.io/zone");
    assertThat(constraint.getWhenUnsatisfiable()).isEqualTo("ScheduleAnyway");
    assertThat(pod.getMetadata().getLabels()).containsAllEntriesOf(constraint.getLabelSelector().getMatchLabels());
    assertThat(constraint.getLabelSelector().getMatchLabels()).containsKey("app.kubernetes.io/instance");

    var own = Chart.render("topologySpreadConstraints: [{maxSkew: 2, topologyKey: kubernetes.io/hostname, "
        + "whenUnsatisfiable: DoNotSchedule, labelSelector: {matchLabels: {team: a}}}]").one(Deployment.class)
        .getSpec().getTemplate().getSpec().getTopologySpreadConstraints().get(0);
    assertThat(own.getLabelSelector().getMatchLabels()).isEqualTo(Map.of("team", "a"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void serviceMonitorSetsTheJobTheAlertsSelectKeepsNamespaceLabelsAndAppendsRelabelings() {
    var monitor = (GenericKubernetesResource) Chart.render(EVERYTHING_ON).ofKind("ServiceMonitor").get(0);
    var endpoint = (Map<String, Object>) ((List<?>) monitor.get("spec", "endpoints")).get(0);
    assertThat(endpoint).containsEntry("honorLabels", true);
    assertThat((List<Map<String, Object>>) endpoint.get("relabelings")).containsExactly(
        Map.of("action", "replace", "targetLabel", "job", "replacement", Chart.RELEASE),
        Map.of("action", "replace", "targetLabel", "cluster", "replacement", "prod"));
    assertThat((List<Map<String, Object>>) endpoint.get("metricRelabelings")).singleElement()
        .satisfies(r -> assertThat(r).containsEntry("action", "drop"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void podMonitorScrapesEachPodUnderTheSameJobAndNeverBesideTheServiceMonitor() {
    var rendered = Chart.render("metrics: {service: {enabled: false}, podMonitor: {enabled: true, interval: 15s}}");
    assertThat(rendered.ofKind("ServiceMonitor")).isEmpty();
    var monitor = (GenericKubernetesResource) rendered.ofKind("PodMonitor").get(0);
    var endpoint = (Map<String, Object>) ((List<?>) monitor.get("spec", "podMetricsEndpoints")).get(0);
    assertThat(endpoint).containsEntry("port", "http").containsEntry("interval", "15s")
        .containsEntry("honorLabels", true);
    assertThat((List<Map<String, Object>>) endpoint.get("relabelings")).first()
        .isEqualTo(Map.of("action", "replace", "targetLabel", "job", "replacement", Chart.RELEASE));
    assertThat((Map<String, Object>) monitor.get("spec", "selector", "matchLabels"))
        .containsEntry("app.kubernetes.io/instance", Chart.RELEASE);

    assertThatThrownBy(() -> Chart.template("metrics: {serviceMonitor: {enabled: true}, podMonitor: {enabled: true}}"))
        .hasMessageContaining("not both");
  }

  @Test
  void networkPolicyAdmitsOnlyTheHttpPortFromTheGivenPeers() {
    assertThat(Chart.renderDefaults().all(NetworkPolicy.class)).isEmpty();

    NetworkPolicy policy = Chart.render(EVERYTHING_ON).one(NetworkPolicy.class);
    assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress", "Egress");
    assertThat(policy.getSpec().getIngress()).singleElement().satisfies(rule -> {
      assertThat(rule.getPorts()).singleElement().satisfies(p -> assertThat(p.getPort()).isEqualTo(new IntOrString("http")));
      assertThat(rule.getFrom()).singleElement().satisfies(peer ->
          assertThat(peer.getNamespaceSelector().getMatchLabels()).containsEntry("name", "monitoring"));
    });
    assertThat(policy.getSpec().getEgress().get(0).getPorts().get(0).getPort()).isEqualTo(new IntOrString(443));
    assertThat(policy.getSpec().getPodSelector().getMatchLabels())
        .containsEntry("app.kubernetes.io/instance", Chart.RELEASE);

    NetworkPolicy ingressOnly = Chart.render("networkPolicy: {enabled: true}").one(NetworkPolicy.class);
    assertThat(ingressOnly.getSpec().getPolicyTypes()).containsExactly("Ingress");
    assertThat(ingressOnly.getSpec().getIngress().get(0).getFrom()).isNullOrEmpty();
  }
}
