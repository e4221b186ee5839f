package io.dbsecrets.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbsecrets.operator.api.ExternalDbSecret;
import io.dbsecrets.operator.api.ExternalDbSecretSpec;
import io.dbsecrets.operator.aws.events.SecretEvent;
import io.dbsecrets.operator.policy.NamespaceGrants;
import io.dbsecrets.operator.policy.NamespacePolicy;
import io.fabric8.kubernetes.client.informers.impl.cache.CacheImpl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The index on the informer's store (fabric8's own cache implementation, as the informer keeps it). */
class SecretIdIndexTest {
  private static final String ARN = "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db-a1b2c3";
  private static final SecretEvent ROTATED = new SecretEvent(ARN, "prod/db", "us-east-1", "111122223333", "v2",
      SecretEvent.Kind.LABEL_UPDATED);

  private final CacheImpl<ExternalDbSecret> cache = new CacheImpl<ExternalDbSecret>()
      .addIndexFunc(SecretIdIndex.NAME, new SecretIdIndex("us-east-1", NamespacePolicy.ALLOW_ALL)::keys);

  private Set<ResourceID> readers(NamespacePolicy policy) {
    SecretIdIndex index = new SecretIdIndex("us-east-1", policy);
    return index.readersOf(ROTATED, key -> cache.byIndex(SecretIdIndex.NAME, key));
  }

  @Test
  void findsEveryResourceReadingTheSecretByNameOrArnInAnyNamespace() {
    cache.put(resource("payments", "by-name", "prod/db", null));
    cache.put(resource("billing", "by-arn", ARN, null));
    cache.put(resource("billing", "by-partial-arn", "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db",
        null));
    cache.put(resource("payments", "other-secret", "prod/db-replica", null));
    cache.put(resource("payments", "other-region", "prod/db", "eu-west-1"));
    assertThat(readers(NamespacePolicy.ALLOW_ALL)).containsExactlyInAnyOrder(
        new ResourceID("by-name", "payments"), new ResourceID("by-arn", "billing"),
        new ResourceID("by-partial-arn", "billing"));
  }

  @Test
  void followsEditsAndDeletesOfTheResources() {
    ExternalDbSecret moving = resource("payments", "moving", "prod/db", null);
    cache.put(moving);
    assertThat(readers(NamespacePolicy.ALLOW_ALL)).containsExactly(new ResourceID("moving", "payments"));
    cache.put(resource("payments", "moving", "prod/other", null));
    assertThat(readers(NamespacePolicy.ALLOW_ALL)).isEmpty();
    cache.put(moving);
    cache.remove(moving);
    assertThat(readers(NamespacePolicy.ALLOW_ALL)).isEmpty();
  }

  @Test
  void leavesOutResourcesTheNamespacePolicyDeniesTheSecret() {
    cache.put(resource("payments", "allowed", "prod/db", null));
    cache.put(resource("guests", "denied", "prod/db", null));
    NamespacePolicy policy = (namespace, secretId, roleArn) -> NamespaceGrants.of(namespace,
        Map.of(NamespaceGrants.ALLOWED_SECRETS, namespace.equals("payments") ? "prod/*" : "guest/*"))
        .deny(secretId, roleArn);
    assertThat(readers(policy)).containsExactly(new ResourceID("allowed", "payments"));
  }

  private static ExternalDbSecret resource(String namespace, String name, String secretId, String region) {
    ExternalDbSecret resource = new ExternalDbSecret();
    resource.getMetadata().setNamespace(namespace);
    resource.getMetadata().setName(name);
    ExternalDbSecretSpec spec = new ExternalDbSecretSpec();
    spec.setSecretId(secretId);
    spec.setRegion(region);
    resource.setSpec(spec);
    return resource;
  }
}
