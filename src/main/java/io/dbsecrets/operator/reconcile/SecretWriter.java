package io.dbsecrets.operator.reconcile;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.Optional;

/**
 * The one place the operator writes Secrets. Updates carry the resourceVersion they were computed from, so a
 * concurrent change makes the write fail with a conflict and the reconcile runs again on fresh data. A Secret the
 * API server would refuse is not written, and one it refuses is reported as {@link SecretRejected}, never retried
 * as if the failure were passing.
 */
public class SecretWriter {
  private final KubernetesClient client;

  public SecretWriter(KubernetesClient client) {
    this.client = client;
  }

  /**
   * @param replacing an existing Secret of the same name must be deleted first (its type is immutable); it is
   *     deleted only once the new one passed the checks, so a Secret the server would refuse never removes the old
   */
  public Secret write(Secret desired, boolean replacing) throws SecretRejected {
    String name = desired.getMetadata().getName();
    List<String> problems = SecretRules.problems(desired);
    if (!problems.isEmpty()) {
      throw new SecretRejected("Secret '" + name + "' would be refused by the API server, so it was not written: "
          + String.join("; ", problems));
    }
    try {
      if (replacing) {
        delete(desired.getMetadata().getNamespace(), name);
      }
      return createOrUpdate(desired);
    } catch (KubernetesClientException e) {
      Optional<String> refusal = ApiRefusal.describe(e);
      if (refusal.isPresent()) {
        throw new SecretRejected("the API server refused Secret '" + name + "': " + refusal.get());
      }
      throw e;
    }
  }

  /** Writes back a Secret as read and edited (our marks removed from it): no new content, so no checks. */
  public Secret update(Secret edited) {
    return client.secrets().inNamespace(edited.getMetadata().getNamespace()).resource(edited).update();
  }

  private Secret createOrUpdate(Secret desired) {
    var resource = client.secrets().inNamespace(desired.getMetadata().getNamespace()).resource(desired);
    return desired.getMetadata().getResourceVersion() == null ? resource.create() : resource.update();
  }

  public void delete(String namespace, String name) {
    client.secrets().inNamespace(namespace).withName(name).delete();
  }
}
