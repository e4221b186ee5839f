package io.dbsecrets.operator.support;

import static org.awaitility.Awaitility.await;

import io.dbsecrets.operator.api.ExternalDbSecret;
import io.dbsecrets.operator.api.ExternalDbSecretSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * What a user does with ExternalDbSecrets in one namespace, the way kubectl does it: annotate without a
 * resourceVersion, edit again on a conflict with the operator's own status writes.
 */
public final class Edbs {
  public static final Duration WAIT = Duration.ofSeconds(30);
  private final KubernetesClient client;
  private final String namespace;

  public Edbs(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  public ExternalDbSecret create(String name, Consumer<ExternalDbSecretSpec> spec) {
    ExternalDbSecret resource = new ExternalDbSecret();
    resource.getMetadata().setName(name);
    resource.getMetadata().setNamespace(namespace);
    ExternalDbSecretSpec s = new ExternalDbSecretSpec();
    spec.accept(s);
    resource.setSpec(s);
    return client.resource(resource).create();
  }

  public ExternalDbSecret get(String name) {
    return client.resources(ExternalDbSecret.class).inNamespace(namespace).withName(name).get();
  }

  /** {@code kubectl edit}: read, change the spec, write; again on a conflict. */
  public void editSpec(String name, Consumer<ExternalDbSecretSpec> change) {
    await().atMost(WAIT).ignoreException(KubernetesClientException.class).until(() -> {
      ExternalDbSecret resource = get(name);
      change.accept(resource.getSpec());
      client.resource(resource).update();
      return true;
    });
  }

  /** {@code kubectl annotate --overwrite edbs/NAME dbsecrets.io/force-sync=VALUE}. */
  public void forceSync(String name, String value) {
    client.resources(ExternalDbSecret.class).inNamespace(namespace).withName(name)
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"annotations\":{\""
            + ExternalDbSecret.FORCE_SYNC_ANNOTATION + "\":\"" + value + "\"}}}");
  }

  public Secret awaitSecret(String name) {
    await().atMost(WAIT).until(() -> secret(name) != null);
    return secret(name);
  }

  public Secret secret(String name) {
    return client.secrets().inNamespace(namespace).withName(name).get();
  }

  /** "True/Synced", "False/AccessDenied", ... or "none" before the first status. */
  public String readyReason(String name) {
    return OperatorHarness.readyReason(client, namespace, name);
  }
}
