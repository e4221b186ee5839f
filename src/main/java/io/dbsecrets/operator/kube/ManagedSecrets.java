package io.dbsecrets.operator.kube;

import io.fabric8.kubernetes.api.model.Secret;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * How the operator marks the Secrets it writes. The label is also the selector of the informer that watches them,
 * so the operator never caches Secrets it does not manage.
 */
public final class ManagedSecrets {
  public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
  public static final String MANAGED_BY_VALUE = "externaldbsecret-operator";
  public static final String SELECTOR = MANAGED_BY_LABEL + "=" + MANAGED_BY_VALUE;
  /** Names the ExternalDbSecret (same namespace) that writes this Secret. */
  public static final String SOURCE_ANNOTATION = "dbsecrets.io/external-db-secret";
  /** The keys the operator wrote, so a Merge target keeps every other key and loses only ours when we drop one. */
  public static final String KEYS_ANNOTATION = "dbsecrets.io/managed-keys";

  private ManagedSecrets() {}

  public static boolean isManagedBy(Secret secret, String resourceName) {
    Map<String, String> annotations = secret.getMetadata().getAnnotations();
    Map<String, String> labels = secret.getMetadata().getLabels();
    return labels != null && MANAGED_BY_VALUE.equals(labels.get(MANAGED_BY_LABEL))
        && annotations != null && resourceName.equals(annotations.get(SOURCE_ANNOTATION));
  }

  public static Set<String> managedKeys(Secret secret) {
    Map<String, String> annotations = secret.getMetadata().getAnnotations();
    String keys = annotations == null ? null : annotations.get(KEYS_ANNOTATION);
    Set<String> result = new LinkedHashSet<>();
    if (keys != null && !keys.isBlank()) {
      result.addAll(Arrays.asList(keys.split(",")));
    }
    return result;
  }
}
