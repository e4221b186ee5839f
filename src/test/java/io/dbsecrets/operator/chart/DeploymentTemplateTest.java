package io.dbsecrets.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbsecrets.operator.config.OperatorConfig;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DeploymentTemplateTest {
  private static Deployment defaults;

  @BeforeAll
  static void renderDefaults() {
    defaults = Chart.renderDefaults().one(Deployment.class);
  }

  @Test
  void podRunsRestrictedAsNonRootWithReadOnlyRootAndWritableTmp() {
    PodSpec pod = defaults.getSpec().getTemplate().getSpec();
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getRunAsUser()).isPositive();
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");

    var sc = operator(defaults).getSecurityContext();
    assertThat(sc.getRunAsNonRoot()).isTrue();
    assertThat(sc.getRunAsUser()).isPositive();
    assertThat(sc.getReadOnlyRootFilesystem()).isTrue();
    assertThat(sc.getAllowPrivilegeEscalation()).isFalse();
    assertThat(sc.getPrivileged()).isFalse();
    assertThat(sc.getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(sc.getCapabilities().getAdd()).isNullOrEmpty();
    assertThat(sc.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");

    assertThat(operator(defaults).getVolumeMounts())
        .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
    assertThat(pod.getVolumes())
        .anySatisfy(v -> assertThat(v.getEmptyDir()).as("/tmp is an emptyDir").isNotNull());
  }

  @Test
  void probesCheckHealthzAndReadyzOnTheNamedHttpPort() {
    Container c = operator(defaults);
    assertThat(c.getPorts()).singleElement().satisfies(p -> {
      assertThat(p.getName()).isEqualTo("http");
      assertThat(p.getContainerPort()).isEqualTo(8080);
    });
    assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(c.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
    assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(c.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
    assertThat(c.getStartupProbe().getHttpGet().getPath()).isEqualTo("/healthz");
  }

  @Test
  void defaultsAreTheSecureChoiceAndNameTheOperatorNamespaceFromTheDownwardApi() {
    Map<String, String> env = env(defaults);
    assertThat(env).containsEntry("DBSECRETS_POLICY_ENFORCED", "true")
        .containsEntry("DBSECRETS_WATCH_NAMESPACES", "")
        .containsEntry("DBSECRETS_DEFAULT_REFRESH_INTERVAL", "1h")
        .containsEntry("DBSECRETS_MIN_REFRESH_INTERVAL", "1s")
        .containsEntry("DBSECRETS_HTTP_PORT", "8080")
        .containsEntry("DBSECRETS_LEADER_ELECTION", "false")
        .containsEntry("DBSECRETS_LOG_FORMAT", "json")
        .containsEntry("DBSECRETS_LOG_LEVEL", "INFO")
        .containsEntry("JAVA_TOOL_OPTIONS", "-XX:MaxRAMPercentage=50 -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:+ExitOnOutOfMemoryError");
    EnvVar namespace = envVar(defaults, "DBSECRETS_OPERATOR_NAMESPACE");
    assertThat(namespace.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.namespace");
  }

  @Test
  void chartDefaultsAgreeWithTheOperatorsOwnDefaults() {
    Map<String, String> env = env(defaults);
    assertThat(env.keySet()).filteredOn(k -> k.startsWith("DBSECRETS_"))
        .allSatisfy(k -> assertThat(OperatorConfig.DEFAULTS.keySet().contains(k))
            .as("%s is a setting the operator reads", k).isTrue());
    OperatorConfig.DEFAULTS.forEach((name, operatorDefault) -> {
      if (env.containsKey(name)) {
        assertThat(env.get(name)).as("chart default of %s", name).isEqualTo(operatorDefault);
      }
    });
  }

  @Test
  void perResourceMetricsAreOffByDefaultAndSwitchedOnByOneValue() {
    assertThat(env(defaults)).containsEntry("DBSECRETS_RESOURCE_METRICS", "false");
    assertThat(env(Chart.render("metrics: {perResource: true}").one(Deployment.class)))
        .containsEntry("DBSECRETS_RESOURCE_METRICS", "true");
  }

  @Test
  void heapIsSizedFromAMemoryLimitThatIsAlwaysSet() {
    var resources = operator(defaults).getResources();
    assertThat(resources.getLimits()).containsKey("memory");
    assertThat(resources.getRequests()).containsKeys("cpu", "memory");
    assertThat(Quantity.getAmountInBytes(resources.getRequests().get("memory")))
        .isLessThanOrEqualTo(Quantity.getAmountInBytes(resources.getLimits().get("memory")));
    assertThat(env(defaults).get("JAVA_TOOL_OPTIONS")).contains("MaxRAMPercentage");
  }

  @Test
  void singleReplicaRunsWithoutLeaderElectionAndNeverOverlapsOnUpdate() {
    assertThat(defaults.getSpec().getReplicas()).isEqualTo(1);
    assertThat(defaults.getSpec().getStrategy().getType()).isEqualTo("Recreate");
    assertThat(defaults.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds()).isPositive();
  }

  @Test
  void twoReplicasTurnLeaderElectionOnAndRollOneAtATime() {
    Deployment d = Chart.render("replicaCount: 2").one(Deployment.class);
    assertThat(d.getSpec().getReplicas()).isEqualTo(2);
    assertThat(env(d)).containsEntry("DBSECRETS_LEADER_ELECTION", "true")
        .containsEntry("DBSECRETS_LEASE_NAME", Chart.RELEASE);
    assertThat(d.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
  }

  @Test
  void imageDefaultsToTheChartAppVersionOnGhcr() {
    assertThat(operator(defaults).getImage()).isEqualTo("ghcr.io/dbsecrets/externaldbsecret-operator:0.1.0");
    assertThat(operator(defaults).getArgs()).isNullOrEmpty();
    Deployment custom = Chart.render("""
        image: {repository: registry.example.com/edbs, tag: "1.2.3", pullPolicy: Always}
        imagePullSecrets: [{name: regcred}]
        """).one(Deployment.class);
    assertThat(operator(custom).getImage()).isEqualTo("registry.example.com/edbs:1.2.3");
    assertThat(operator(custom).getImagePullPolicy()).isEqualTo("Always");
    assertThat(custom.getSpec().getTemplate().getSpec().getImagePullSecrets())
        .singleElement().satisfies(s -> assertThat(s.getName()).isEqualTo("regcred"));
  }

  @Test
  void operatorSettingsReachTheContainerEnvironment() {
    Deployment d = Chart.render("""
        watchNamespaces: [payments, orders]
        aws: {region: eu-west-1, endpoint: "http://localhost:4566", callTimeout: 10s}
        refreshInterval: 15m
        minRefreshInterval: 1m
        policy: {enforced: false}
        reconcileThreads: 4
        batchFetch: false
        logLevel: DEBUG
        logFormat: text
        http: {port: 9090}
        javaToolOptions: "-XX:MaxRAMPercentage=60"
        env:
          - {name: DBSECRETS_COALESCE_WINDOW, value: 5s}
        """).one(Deployment.class);
    assertThat(env(d)).containsEntry("DBSECRETS_WATCH_NAMESPACES", "payments,orders")
        .containsEntry("DBSECRETS_DEFAULT_REGION", "eu-west-1")
        .containsEntry("DBSECRETS_AWS_ENDPOINT", "http://localhost:4566")
        .containsEntry("DBSECRETS_AWS_CALL_TIMEOUT", "10s")
        .containsEntry("DBSECRETS_DEFAULT_REFRESH_INTERVAL", "15m")
        .containsEntry("DBSECRETS_MIN_REFRESH_INTERVAL", "1m")
        .containsEntry("DBSECRETS_POLICY_ENFORCED", "false")
        .containsEntry("DBSECRETS_RECONCILE_THREADS", "4")
        .containsEntry("DBSECRETS_BATCH_FETCH", "false")
        .containsEntry("DBSECRETS_LOG_LEVEL", "DEBUG")
        .containsEntry("DBSECRETS_LOG_FORMAT", "text")
        .containsEntry("DBSECRETS_HTTP_PORT", "9090")
        .containsEntry("JAVA_TOOL_OPTIONS", "-XX:MaxRAMPercentage=60")
        .containsEntry("DBSECRETS_COALESCE_WINDOW", "5s");
    assertThat(operator(d).getPorts().get(0).getContainerPort()).isEqualTo(9090);
  }

  @Test
  void schedulingValuesReachThePod() {
    Deployment d = Chart.render("""
        nodeSelector: {kubernetes.io/os: linux}
        tolerations: [{key: dedicated, operator: Equal, value: ops, effect: NoSchedule}]
        affinity:
          nodeAffinity:
            requiredDuringSchedulingIgnoredDuringExecution:
              nodeSelectorTerms: [{matchExpressions: [{key: pool, operator: In, values: [ops]}]}]
        podAnnotations: {example.com/team: platform}
        podLabels: {team: platform}
        priorityClassName: system-cluster-critical
        terminationGracePeriodSeconds: 45
        """).one(Deployment.class);
    PodSpec pod = d.getSpec().getTemplate().getSpec();
    assertThat(pod.getNodeSelector()).containsEntry("kubernetes.io/os", "linux");
    assertThat(pod.getTolerations()).singleElement().satisfies(t -> assertThat(t.getKey()).isEqualTo("dedicated"));
    assertThat(pod.getAffinity().getNodeAffinity()).isNotNull();
    assertThat(pod.getPriorityClassName()).isEqualTo("system-cluster-critical");
    assertThat(pod.getTerminationGracePeriodSeconds()).isEqualTo(45);
    assertThat(d.getSpec().getTemplate().getMetadata().getAnnotations()).containsEntry("example.com/team", "platform");
    assertThat(d.getSpec().getTemplate().getMetadata().getLabels()).containsEntry("team", "platform");
    assertThat(d.getSpec().getSelector().getMatchLabels()).doesNotContainKey("team");
  }

  @Test
  void roleArnAnnotatesTheServiceAccountForIrsa() {
    String role = "arn:aws:iam::111122223333:role/edbs-operator";
    var rendered = Chart.render("""
        aws: {roleArn: "%s"}
        serviceAccount: {annotations: {example.com/owner: platform}}
        """.formatted(role));
    ServiceAccount sa = rendered.one(ServiceAccount.class);
    assertThat(sa.getMetadata().getAnnotations())
        .containsEntry("eks.amazonaws.com/role-arn", role)
        .containsEntry("example.com/owner", "platform");
    assertThat(rendered.one(Deployment.class).getSpec().getTemplate().getSpec().getServiceAccountName())
        .isEqualTo(sa.getMetadata().getName());
    assertThat(Chart.renderDefaults().one(ServiceAccount.class).getMetadata().getAnnotations()).isNullOrEmpty();
  }

  static Container operator(Deployment d) {
    return d.getSpec().getTemplate().getSpec().getContainers().stream()
        .filter(c -> c.getName().equals("operator")).findFirst().orElseThrow();
  }

  static Map<String, String> env(Deployment d) {
    return operator(d).getEnv().stream().filter(e -> e.getValue() != null)
        .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
  }

  static EnvVar envVar(Deployment d, String name) {
    return operator(d).getEnv().stream().filter(e -> e.getName().equals(name)).findFirst().orElseThrow();
  }
}
