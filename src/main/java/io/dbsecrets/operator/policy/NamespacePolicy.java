package io.dbsecrets.operator.policy;

import io.dbsecrets.operator.api.ExternalDbSecret;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.util.List;
import java.util.Optional;

/** Decides whether resources in a namespace may read a secret, and assume a role. */
public interface NamespacePolicy {
  NamespacePolicy ALLOW_ALL = (namespace, secretId, roleArn) -> Optional.empty();

  /**
   * @param roleArn the role the resource asks for, or null
   * @return why the read is denied, saying what a cluster admin would annotate to allow it; empty when allowed
   */
  Optional<String> deny(String namespace, String secretId, String roleArn);

  /** {@link #deny(String, String, String)} for the read a resource asks for. */
  default Optional<String> deny(ExternalDbSecret resource) {
    return deny(resource.getMetadata().getNamespace(), resource.getSpec().getSecretId(),
        resource.getSpec().getRoleArn());
  }

  /**
   * Event sources that watch what the policy decides from, so a change to it re-runs the reconciles it affects
   * without an operator restart. The reconciler registers them with its own.
   */
  default List<EventSource<?, ExternalDbSecret>> eventSources(EventSourceContext<ExternalDbSecret> context) {
    return List.of();
  }
}
