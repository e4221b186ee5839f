package io.dbsecrets.operator.reconcile;

import io.dbsecrets.operator.api.ExternalDbSecret;
import io.dbsecrets.operator.aws.events.SecretEvent;
import io.dbsecrets.operator.aws.events.SecretKeys;
import io.dbsecrets.operator.policy.NamespacePolicy;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Finds the ExternalDbSecrets that read the secret an event names, through an index on the informer's cache of
 * every resource (so it follows creates, edits and deletes by itself), in any watched namespace. A resource its
 * namespace policy denies the secret is left out: its sync could only report the denial again.
 */
final class SecretIdIndex {
  static final String NAME = "aws-secret";
  private final String defaultRegion;
  private final NamespacePolicy policy;

  SecretIdIndex(String defaultRegion, NamespacePolicy policy) {
    this.defaultRegion = defaultRegion;
    this.policy = policy;
  }

  List<String> keys(ExternalDbSecret resource) {
    if (resource.getSpec() == null || resource.getSpec().getSecretId() == null) {
      return List.of();
    }
    return List.copyOf(SecretKeys.of(resource.getSpec().getSecretId(),
        AwsRequests.region(resource.getSpec(), defaultRegion)));
  }

  /** @param byKey the resources indexed under a key ({@code cache.byIndex(NAME, key)}) */
  Set<ResourceID> readersOf(SecretEvent event, Function<String, List<ExternalDbSecret>> byKey) {
    Set<ResourceID> ids = new LinkedHashSet<>();
    for (String key : event.keys()) {
      for (ExternalDbSecret resource : byKey.apply(key)) {
        if (policy.deny(resource).isEmpty()) {
          ids.add(ResourceID.fromResource(resource));
        }
      }
    }
    return ids;
  }
}
