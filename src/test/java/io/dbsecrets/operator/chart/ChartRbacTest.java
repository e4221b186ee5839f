package io.dbsecrets.operator.chart;

import static io.dbsecrets.operator.chart.ChartRbac.CLUSTER;
import static org.assertj.core.api.Assertions.assertThat;

import io.dbsecrets.operator.chart.ChartRbac.Grant;
import io.dbsecrets.operator.kube.HashKeyStore;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ChartRbacTest {
  /**
   * The API calls the operator makes on the namespaces it watches (see the chart's _helpers.tpl); measured by
   * RbacCoversOperatorCallsTest.
   */
  static final Set<Grant> WATCHED_NAMESPACE_CALLS = grants(
      rule("dbsecrets.io", List.of("externaldbsecrets"), "get", "list", "watch"),
      rule("dbsecrets.io", List.of("externaldbsecrets/status"), "update"),
      rule("", List.of("secrets"), "get", "list", "watch", "create", "update", "delete"),
      rule("", List.of("events"), "create", "update", "get"),
      rule("apps", List.of("deployments", "statefulsets", "daemonsets"), "get", "list", "patch"),
      rule("argoproj.io", List.of("rollouts"), "get", "list", "patch"));
  static final Set<Grant> NAMESPACE_POLICY_CALLS = grants(rule("", List.of("namespaces"), "list", "watch"));
  static final Set<Grant> LEASE_CALLS =
      grants(rule("coordination.k8s.io", List.of("leases"), "get", "create", "update", "patch"));
  /** The HMAC key Secret in the operator's own namespace (HashKeyStore). */
  static final Set<Grant> HASH_KEY_CALLS = grants(rule("", List.of("secrets"), "get", "create"));

  @Test
  void clusterModeGrantsExactlyTheOperatorsApiCallsThroughOneClusterRole() {
    Map<String, Set<Grant>> byScope = ChartRbac.grantedByScope("");
    assertThat(byScope).containsOnlyKeys(CLUSTER);
    assertThat(byScope.get(CLUSTER)).isEqualTo(union(WATCHED_NAMESPACE_CALLS, NAMESPACE_POLICY_CALLS));
    var rendered = Chart.renderDefaults();
    assertThat(rendered.all(Role.class)).isEmpty();
    assertThat(rendered.all(RoleBinding.class)).isEmpty();
  }

  @Test
  void namespacedModeGrantsRolesOnlyInWatchedNamespaces() {
    var rendered = Chart.render("watchNamespaces: [payments, orders]");
    assertThat(rendered.all(Role.class)).filteredOn(r -> r.getMetadata().getName().equals(Chart.RELEASE))
        .extracting(r -> r.getMetadata().getNamespace())
        .containsExactlyInAnyOrder("payments", "orders");

    Map<String, Set<Grant>> byScope = ChartRbac.grantedByScope("watchNamespaces: [payments, orders]");
    assertThat(byScope).containsOnlyKeys(CLUSTER, "payments", "orders", Chart.NAMESPACE);
    assertThat(byScope.get("payments")).isEqualTo(WATCHED_NAMESPACE_CALLS);
    assertThat(byScope.get("orders")).isEqualTo(WATCHED_NAMESPACE_CALLS);
    assertThat(byScope.get(CLUSTER)).as("cluster-wide only reads Namespaces, for the policy")
        .isEqualTo(NAMESPACE_POLICY_CALLS);
    assertThat(byScope.get(Chart.NAMESPACE)).as("own namespace: only the HMAC key Secret").isEqualTo(HASH_KEY_CALLS);
  }

  @Test
  void namespacedModeReadsOnlyTheHashKeySecretInTheOperatorNamespace() {
    Role hashKey = Chart.render("watchNamespaces: [payments]").all(Role.class).stream()
        .filter(r -> r.getMetadata().getNamespace().equals(Chart.NAMESPACE)).findFirst().orElseThrow();
    assertThat(hashKey.getRules()).filteredOn(r -> r.getVerbs().contains("get"))
        .singleElement().satisfies(r -> assertThat(r.getResourceNames()).containsExactly(HashKeyStore.SECRET_NAME));
    assertThat(hashKey.getRules()).flatExtracting(PolicyRule::getVerbs).containsExactlyInAnyOrder("get", "create");
  }

  @Test
  void namespacedModeWithoutPolicyHasNothingClusterWide() {
    var rendered = Chart.render("watchNamespaces: [payments]\npolicy: {enforced: false}");
    assertThat(rendered.all(ClusterRole.class)).isEmpty();
    assertThat(rendered.all(ClusterRoleBinding.class)).isEmpty();
    assertThat(ChartRbac.grantedByScope("watchNamespaces: [payments]\npolicy: {enforced: false}"))
        .containsOnlyKeys("payments", Chart.NAMESPACE);
  }

  @Test
  void policyOffDropsNamespaceReadsInClusterMode() {
    assertThat(ChartRbac.granted("policy: {enforced: false}")).isEqualTo(WATCHED_NAMESPACE_CALLS);
  }

  @Test
  void twoReplicasAddALeaseRoleInTheOperatorNamespaceOnly() {
    Map<String, Set<Grant>> byScope = ChartRbac.grantedByScope("replicaCount: 2");
    assertThat(byScope.get(Chart.NAMESPACE)).isEqualTo(LEASE_CALLS);
    assertThat(byScope.get(CLUSTER)).doesNotContainAnyElementsOf(LEASE_CALLS);

    Role lease = Chart.render("replicaCount: 2").one(Role.class);
    assertThat(lease.getMetadata().getNamespace()).isEqualTo(Chart.NAMESPACE);
    assertThat(lease.getRules()).as("get, update and patch only on the operator's own Lease")
        .filteredOn(r -> r.getVerbs().contains("update"))
        .singleElement().satisfies(r -> assertThat(r.getResourceNames()).containsExactly(Chart.RELEASE));
  }

  @Test
  void leaderElectionCanBeTurnedOnWithOneReplica() {
    assertThat(ChartRbac.granted("leaderElection: {enabled: true, leaseName: edbs-leader}"))
        .containsAll(LEASE_CALLS);
    Role lease = Chart.render("leaderElection: {enabled: true, leaseName: edbs-leader}").one(Role.class);
    assertThat(lease.getRules()).anySatisfy(r -> assertThat(r.getResourceNames()).containsExactly("edbs-leader"));
  }

  @Test
  void oneReplicaGetsNoLeaseAccess() {
    assertThat(ChartRbac.granted()).doesNotContainAnyElementsOf(LEASE_CALLS);
    assertThat(ChartRbac.granted("watchNamespaces: [payments]")).doesNotContainAnyElementsOf(LEASE_CALLS);
    assertThat(ChartRbac.grantedByScope("watchNamespaces: [payments]").get(Chart.NAMESPACE))
        .doesNotContainAnyElementsOf(LEASE_CALLS);
  }

  @Test
  void noRuleUsesWildcards() {
    for (String values : List.of("", "replicaCount: 3", "watchNamespaces: [a, b]\nreplicaCount: 2")) {
      var rendered = Chart.render(values);
      Stream.concat(rendered.all(ClusterRole.class).stream().flatMap(r -> r.getRules().stream()),
              rendered.all(Role.class).stream().flatMap(r -> r.getRules().stream()))
          .forEach(rule -> {
            assertThat(rule.getApiGroups()).doesNotContain("*");
            assertThat(rule.getResources()).doesNotContain("*");
            assertThat(rule.getVerbs()).doesNotContain("*");
            assertThat(rule.getNonResourceURLs()).isNullOrEmpty();
          });
    }
  }

  @Test
  void rbacCanBeLeftToTheClusterAdmin() {
    var rendered = Chart.render("rbac: {create: false}\nreplicaCount: 2");
    assertThat(rendered.all(ClusterRole.class)).isEmpty();
    assertThat(rendered.all(Role.class)).isEmpty();
    assertThat(rendered.all(ClusterRoleBinding.class)).isEmpty();
    assertThat(rendered.all(RoleBinding.class)).isEmpty();
  }

  private static PolicyRule rule(String group, List<String> resources, String... verbs) {
    PolicyRule r = new PolicyRule();
    r.setApiGroups(List.of(group));
    r.setResources(resources);
    r.setVerbs(List.of(verbs));
    return r;
  }

  private static Set<Grant> grants(PolicyRule... rules) {
    Set<Grant> grants = new TreeSet<>();
    for (PolicyRule rule : rules) {
      for (String resource : rule.getResources()) {
        for (String verb : rule.getVerbs()) {
          grants.add(new Grant(rule.getApiGroups().get(0), resource, verb));
        }
      }
    }
    return grants;
  }

  @SafeVarargs
  private static Set<Grant> union(Set<Grant>... sets) {
    Set<Grant> all = new TreeSet<>();
    for (Set<Grant> s : sets) {
      all.addAll(s);
    }
    return all;
  }
}
