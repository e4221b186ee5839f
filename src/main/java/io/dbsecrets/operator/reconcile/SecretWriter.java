package io.dbsecrets.operator.reconcile;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * The one place the operator writes Secrets. Updates carry the resourceVersion they were computed from, so a
 * concurrent change makes the write fail with a conflict and the reconcile runs again on fresh data.
 */
public class SecretWriter {
  private final KubernetesClient client;

  public SecretWriter(KubernetesClient client) {
    this.client = client;
  }

  public Secret createOrUpdate(Secret desired) {
    var resource = client.secrets().inNamespace(desired.getMetadata().getNamespace()).resource(desired);
    return desired.getMetadata().getResourceVersion() == null ? resource.create() : resource.update();
  }

  public void delete(String namespace, String name) {
    client.secrets().inNamespace(namespace).withName(name).delete();
  }
}
