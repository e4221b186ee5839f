package io.dbsecrets.operator.policy;

import java.util.Optional;

/** Decides whether resources in a namespace may read a secret, and assume a role. */
public interface NamespacePolicy {
  NamespacePolicy ALLOW_ALL = (namespace, secretId, roleArn) -> Optional.empty();

  /**
   * @param roleArn the role the resource asks for, or null
   * @return why the read is denied, saying what a cluster admin would annotate to allow it; empty when allowed
   */
  Optional<String> deny(String namespace, String secretId, String roleArn);
}
