package io.dbsecrets.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dbsecrets.operator.KubernetesClients;
import io.dbsecrets.operator.OperatorRuntime;
import io.dbsecrets.operator.api.CreationPolicy;
import io.dbsecrets.operator.api.DeletionPolicy;
import io.dbsecrets.operator.api.RolloutTarget;
import io.dbsecrets.operator.api.WorkloadKind;
import io.dbsecrets.operator.chart.ChartRbac.Grant;
import io.dbsecrets.operator.rollout.RestartMarker;
import io.dbsecrets.operator.support.ArgoRolloutFixture;
import io.dbsecrets.operator.support.Edbs;
import io.dbsecrets.operator.support.MockRequests;
import io.dbsecrets.operator.support.MotoServer;
import io.dbsecrets.operator.support.OffsetClock;
import io.dbsecrets.operator.support.OperatorHarness;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Runs every feature of the operator against the mock API server, records each request the operator's own client
 * made, and checks the chart grants each one and nothing else: a new API call without a chart change fails here,
 * not in a cluster, and so does a grant nothing uses.
 */
@Tag("slow")
@EnableKubernetesMockClient(crud = true)
class RbacCoversOperatorCallsTest {
  /**
   * API discovery ({@code /apis/argoproj.io/v1alpha1}: is Argo Rollouts installed?): every authenticated client may
   * read it (the built-in system:discovery ClusterRole), so the chart grants nothing for it.
   */
  private static final Pattern DISCOVERY = Pattern.compile("^/(api(/v1)?|apis(/[^/?]+){0,2})/?(\\?.*)?$");
  private static final Pattern PATH = Pattern.compile(
      "^/(?:api/v1|apis/(?<group>[^/]+)/[^/]+)(?:/namespaces/(?<ns>[^/]+))?/(?<resource>[^/?]+)"
      + "(?:/(?<name>[^/?]+))?(?:/(?<sub>[^/?]+))?(?:\\?(?<query>.*))?$");
  /**
   * Calls the operator makes that this run does not provoke: restarting the other workload kinds, and re-reading
   * an ExternalDbSecret when its status update meets a conflict.
   */
  private static final Set<Grant> USED_ELSEWHERE = Set.of(
      new Grant("apps", "statefulsets", "patch"), new Grant("apps", "daemonsets", "get"),
      new Grant("apps", "daemonsets", "patch"), new Grant("dbsecrets.io", "externaldbsecrets", "get"));
  static KubernetesMockServer server;
  static KubernetesClient client;
  final OffsetClock clock = new OffsetClock();

  @Test
  void chartGrantsEveryCallTheOperatorMakes() {
    String namespace = "rbac";
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace)
        .addToAnnotations("dbsecrets.io/allowed-secrets", "rbac/*").endMetadata().build()).create();
    OperatorHarness.installCrd(client);
    client.apiextensions().v1().customResourceDefinitions().resource(ArgoRolloutFixture.crd(client)).create();
    Edbs edbs = new Edbs(client, namespace);
    MotoServer moto = MotoServer.shared();
    moto.reset();
    try (KubernetesClient operatorClient = KubernetesClients.forOperator(client.getConfiguration());
         OperatorRuntime operator = OperatorHarness.start(operatorClient, OperatorHarness.config(moto, Map.of(
             "DBSECRETS_POLICY_ENFORCED", "true", "DBSECRETS_ROLLOUT_WINDOW", "0")), clock)) {
      exerciseEveryFeature(moto, edbs, namespace);
    }

    Set<Grant> used = operatorCalls();
    assertThat(used).as("the operator's calls were recorded")
        .contains(new Grant("", "secrets", "create"), new Grant("apps", "deployments", "patch"),
            new Grant("", "namespaces", "watch"), new Grant("", "events", "create"));
    Set<Grant> missing = new TreeSet<>(used);
    missing.removeAll(ChartRbac.granted());
    assertThat(missing).as("calls the operator makes that the chart's RBAC does not grant").isEmpty();
    Set<Grant> unused = new TreeSet<>(ChartRbac.granted());
    unused.removeAll(used);
    assertThat(unused).as("grants no call of this run needed: each must be one the operator makes elsewhere")
        .isSubsetOf(USED_ELSEWHERE);
  }

  private void exerciseEveryFeature(MotoServer moto, Edbs edbs, String namespace) {
    moto.createSecret("rbac/db", "{\"username\":\"app\",\"password\":\"one\"}");
    client.apps().deployments().inNamespace(namespace).resource(new DeploymentBuilder()
        .withNewMetadata().withName("api").endMetadata()
        .withNewSpec().withNewSelector().addToMatchLabels("app", "api").endSelector()
        .withNewTemplate().withNewMetadata().addToLabels("app", "api").endMetadata()
        .withNewSpec().addNewContainer().withName("app").withImage("app").addNewEnvFrom().withNewSecretRef("db", false)
        .endEnvFrom().endContainer().endSpec().endTemplate().endSpec().build()).create();
    ArgoRolloutFixture.rollouts(client).inNamespace(namespace)
        .resource(ArgoRolloutFixture.readingSecret("checkout", "db")).create();
    ArgoRolloutFixture.rollouts(client).inNamespace(namespace)
        .resource(ArgoRolloutFixture.readingSecret("named", "other")).create();
    edbs.create("db", spec -> {
      spec.setSecretId("rbac/db");
      spec.getTarget().setDeletionPolicy(DeletionPolicy.Delete);
      spec.getRollout().setTargets(List.of(new RolloutTarget(WorkloadKind.Deployment, "api"),
          new RolloutTarget(WorkloadKind.StatefulSet, "missing"), new RolloutTarget(WorkloadKind.Rollout, "named")));
      spec.getRollout().setAuto(true);
    });
    edbs.awaitSecret("db");
    client.secrets().inNamespace(namespace).resource(new SecretBuilder().withNewMetadata().withName("shared")
        .endMetadata().addToData("OTHER", "a2VlcA==").build()).create();
    edbs.create("merged", spec -> {
      spec.setSecretId("rbac/db");
      spec.getTarget().setName("shared");
      spec.getTarget().setCreationPolicy(CreationPolicy.Merge);
    });
    edbs.create("denied", spec -> spec.setSecretId("elsewhere/db"));

    moto.putSecret("rbac/db", "{\"username\":\"app\",\"password\":\"two\"}");
    edbs.forceSync("db", "rotate");
    // the restart's own annotation: the template may carry an empty annotation map from the start
    await().atMost(Edbs.WAIT).until(() -> client.apps().deployments().inNamespace(namespace).withName("api").get()
        .getSpec().getTemplate().getMetadata().getAnnotations().containsKey(RestartMarker.RESTARTED_AT_ANNOTATION));
    await().atMost(Edbs.WAIT).until(() -> ArgoRolloutFixture.spec(ArgoRolloutFixture.rollouts(client)
        .inNamespace(namespace).withName("checkout").get()).containsKey("restartAt"));
    client.secrets().inNamespace(namespace).withName("db").delete();
    edbs.awaitSecret("db");
    moto.admin().deleteSecret(b -> b.secretId("rbac/db").forceDeleteWithoutRecovery(true));
    edbs.forceSync("db", "gone");
    // deletionPolicy Delete acts on a second not-found answer 30 s after the first, on the operator's clock
    await().atMost(Edbs.WAIT).until(() -> edbs.readyReason("db").equals("False/SecretNotFound"));
    clock.skip(Duration.ofSeconds(30));
    edbs.forceSync("db", "confirm");
    await().atMost(Edbs.WAIT).until(() -> edbs.secret("db") == null);
    await().atMost(Edbs.WAIT).until(() -> edbs.readyReason("denied").equals("False/PolicyDenied"));
  }

  private static Set<Grant> operatorCalls() {
    Set<Grant> used = new TreeSet<>();
    for (RecordedRequest request : MockRequests.takeAll(server)) {
      String agent = request.getHeader("User-Agent");
      if (agent != null && agent.startsWith(KubernetesClients.USER_AGENT)
          && !DISCOVERY.matcher(request.getPath()).matches()) {
        used.add(grantFor(request.getMethod(), request.getPath()));
      }
    }
    return used;
  }

  static Grant grantFor(String method, String path) {
    Matcher m = PATH.matcher(path);
    assertThat(m.matches()).as("an API path: %s", path).isTrue();
    String group = m.group("group") == null ? "" : m.group("group");
    String resource = m.group("resource") + (m.group("sub") == null ? "" : "/" + m.group("sub"));
    boolean named = m.group("name") != null;
    String query = m.group("query") == null ? "" : m.group("query");
    String verb = switch (method) {
      case "GET" -> query.contains("watch=true") ? "watch" : named ? "get" : "list";
      case "POST" -> "create";
      case "PUT" -> "update";
      case "PATCH" -> "patch";
      case "DELETE" -> named ? "delete" : "deletecollection";
      default -> method.toLowerCase();
    };
    return new Grant(group, resource, verb);
  }
}
