package io.dbsecrets.operator.chart;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What the Helm chart lets the operator's ServiceAccount do: renders the chart and follows every binding
 * of that ServiceAccount to the rules of its (Cluster)Role. Meant for comparing with the API calls the
 * operator actually makes, e.g. {@code ChartRbac.granted().containsAll(observedCalls)}.
 */
public final class ChartRbac {
  /** Scope of a grant that holds in every namespace (a ClusterRoleBinding). */
  public static final String CLUSTER = "*";

  /** One permission: verb on resource (with subresource, e.g. {@code externaldbsecrets/status}) in apiGroup ("" = core). */
  public record Grant(String apiGroup, String resource, String verb) implements Comparable<Grant> {
    @Override
    public int compareTo(Grant o) {
      return toString().compareTo(o.toString());
    }

    @Override
    public String toString() {
      return (apiGroup.isEmpty() ? "core" : apiGroup) + "/" + resource + ":" + verb;
    }
  }

  private ChartRbac() {}

  /** Everything granted with the chart's default values, in any scope. */
  public static Set<Grant> granted() {
    return granted("");
  }

  /** Everything granted with these values (YAML, as in a values file), in any scope. */
  public static Set<Grant> granted(String valuesYaml) {
    return grantedByScope(valuesYaml).values().stream()
        .flatMap(Collection::stream)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** Grants keyed by where they hold: {@link #CLUSTER} for cluster-wide, otherwise a namespace name. */
  public static Map<String, Set<Grant>> grantedByScope(String valuesYaml) {
    return grantedByScope(Chart.render(valuesYaml).resources(), Chart.RELEASE, Chart.NAMESPACE);
  }

  static Map<String, Set<Grant>> grantedByScope(List<HasMetadata> resources, String serviceAccount,
      String serviceAccountNamespace) {
    Map<String, Set<Grant>> byScope = new TreeMap<>();
    for (HasMetadata r : resources) {
      if (r instanceof ClusterRoleBinding b && boundTo(b.getSubjects(), serviceAccount, serviceAccountNamespace)) {
        addAll(byScope, CLUSTER, rulesOf(resources, b.getRoleRef(), null));
      } else if (r instanceof RoleBinding b && boundTo(b.getSubjects(), serviceAccount, serviceAccountNamespace)) {
        String namespace = b.getMetadata().getNamespace();
        addAll(byScope, namespace, rulesOf(resources, b.getRoleRef(), namespace));
      }
    }
    return byScope;
  }

  /** The rules of the role a binding refers to; a binding to a role the chart does not render is an error. */
  static List<PolicyRule> rulesOf(List<HasMetadata> resources, RoleRef ref, String bindingNamespace) {
    return resources.stream()
        .filter(r -> r.getKind().equals(ref.getKind()) && r.getMetadata().getName().equals(ref.getName()))
        .filter(r -> r instanceof ClusterRole || bindingNamespace.equals(r.getMetadata().getNamespace()))
        .findFirst()
        .map(r -> r instanceof ClusterRole cr ? cr.getRules() : ((Role) r).getRules())
        .orElseThrow(() -> new AssertionError("binding refers to a role the chart does not render: " + ref));
  }

  private static boolean boundTo(List<Subject> subjects, String name, String namespace) {
    return subjects != null && subjects.stream().anyMatch(s -> "ServiceAccount".equals(s.getKind())
        && name.equals(s.getName()) && namespace.equals(s.getNamespace()));
  }

  private static void addAll(Map<String, Set<Grant>> byScope, String scope, List<PolicyRule> rules) {
    Set<Grant> grants = byScope.computeIfAbsent(scope, s -> new TreeSet<>());
    for (PolicyRule rule : rules) {
      for (String group : rule.getApiGroups()) {
        for (String resource : rule.getResources()) {
          for (String verb : rule.getVerbs()) {
            grants.add(new Grant(group, resource, verb));
          }
        }
      }
    }
  }
}
