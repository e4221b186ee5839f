package io.dbsecrets.operator.kube;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * The key of the status dataHash HMAC. It must outlive the operator's pods, or every restart would look like a
 * data change; so it lives in a Secret in the operator's namespace, created once with random bytes.
 */
public final class HashKeyStore {
  public static final String SECRET_NAME = "externaldbsecret-operator-hash-key";
  private static final String KEY = "hmac-key";

  private HashKeyStore() {}

  public static byte[] loadOrCreate(KubernetesClient client, String namespace) {
    var secrets = client.secrets().inNamespace(namespace);
    Secret existing = secrets.withName(SECRET_NAME).get();
    if (existing == null) {
      byte[] key = new byte[32];
      new SecureRandom().nextBytes(key);
      try {
        existing = secrets.resource(new SecretBuilder()
            .withNewMetadata().withName(SECRET_NAME).withNamespace(namespace)
            .withLabels(Map.of("app.kubernetes.io/name", "externaldbsecret-operator")).endMetadata()
            .withType("Opaque")
            .withData(Map.of(KEY, Base64.getEncoder().encodeToString(key)))
            .build()).create();
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
        existing = secrets.withName(SECRET_NAME).get();
      }
    }
    return Base64.getDecoder().decode(existing.getData().get(KEY));
  }
}
