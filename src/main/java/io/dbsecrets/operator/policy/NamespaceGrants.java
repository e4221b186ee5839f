package io.dbsecrets.operator.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a cluster admin allowed one namespace, from its annotations, and the decision for one read. Pure.
 *
 * @param allowedSecrets the dbsecrets.io/allowed-secrets annotation as written, or null
 * @param allowedRoles the dbsecrets.io/allowed-roles annotation as written, or null
 */
public record NamespaceGrants(String namespace, String allowedSecrets, String allowedRoles) {
  public static final String ALLOWED_SECRETS = "dbsecrets.io/allowed-secrets";
  public static final String ALLOWED_ROLES = "dbsecrets.io/allowed-roles";

  public static NamespaceGrants of(String namespace, Map<String, String> annotations) {
    Map<String, String> a = annotations == null ? Map.of() : annotations;
    return new NamespaceGrants(namespace, a.get(ALLOWED_SECRETS), a.get(ALLOWED_ROLES));
  }

  /**
   * @param roleArn the role the resource asks for, or null for the operator's own identity (no role grant needed)
   * @return why the read is denied, with the kubectl command that would allow it; empty when allowed
   */
  public Optional<String> deny(String secretId, String roleArn) {
    List<String> refusals = new ArrayList<>();
    List<String> commands = new ArrayList<>();
    if (!anyMatches(allowedSecrets, secretId)) {
      refusals.add("secret '" + secretId + "' " + notIn(ALLOWED_SECRETS, allowedSecrets));
      commands.add(annotate(ALLOWED_SECRETS, allowedSecrets, secretId));
    }
    if (roleArn != null && !anyMatches(allowedRoles, roleArn)) {
      refusals.add("role '" + roleArn + "' " + notIn(ALLOWED_ROLES, allowedRoles));
      commands.add(annotate(ALLOWED_ROLES, allowedRoles, roleArn));
    }
    if (refusals.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of("namespace '" + namespace + "' may not use " + String.join(", nor ", refusals)
        + ". A cluster admin can allow it with: " + String.join(" && ", commands));
  }

  private static boolean anyMatches(String globs, String value) {
    return GlobPattern.list(globs).stream().anyMatch(g -> g.matches(value));
  }

  private static String notIn(String annotation, String current) {
    return GlobPattern.list(current).isEmpty() ? "(the namespace has no " + annotation + " annotation)"
        : "(it matches none of " + annotation + "='" + current.trim() + "')";
  }

  /** Adds exactly the value asked for (least privilege) to what the annotation already allows. */
  private String annotate(String annotation, String current, String value) {
    boolean exists = current != null && !current.isBlank();
    String allowed = exists ? current.trim() + "," + value : value;
    return "kubectl annotate namespace " + namespace + (exists ? " --overwrite " : " ") + annotation + "='"
        + allowed + "'";
  }
}
