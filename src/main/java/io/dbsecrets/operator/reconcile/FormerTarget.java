package io.dbsecrets.operator.reconcile;

import io.dbsecrets.operator.api.CreationPolicy;
import io.dbsecrets.operator.api.ExternalDbSecret;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What becomes of a Secret a resource wrote before its spec.target.name changed. Pure. Under Owner, the Secret
 * the resource created (it carries our ownerReference) is deleted, unless another resource names it as its target;
 * otherwise (Orphan, Merge, or still in use) it is released: our label, annotations, keys and ownerReference are
 * removed and everything else in it is left as it is, so it is neither managed nor watched any more.
 */
public final class FormerTarget {
  private FormerTarget() {}

  /** @return empty to delete the Secret, else the Secret to write back */
  public static Optional<Secret> release(Secret former, ExternalDbSecret resource, boolean targetOfAnother) {
    boolean created = ownerReferences(former).stream()
        .anyMatch(ref -> Objects.equals(ref.getUid(), resource.getMetadata().getUid()));
    if (created && !targetOfAnother
        && resource.getSpec().getTarget().effectiveCreationPolicy() == CreationPolicy.Owner) {
      return Optional.empty();
    }
    Map<String, String> labels = new LinkedHashMap<>(orEmpty(former.getMetadata().getLabels()));
    labels.remove(ManagedSecrets.MANAGED_BY_LABEL);
    Map<String, String> annotations = new LinkedHashMap<>(orEmpty(former.getMetadata().getAnnotations()));
    annotations.remove(ManagedSecrets.SOURCE_ANNOTATION);
    annotations.remove(ManagedSecrets.KEYS_ANNOTATION);
    Map<String, String> data = new LinkedHashMap<>(orEmpty(former.getData()));
    ManagedSecrets.managedKeys(former).forEach(data::remove);
    List<OwnerReference> owners = ownerReferences(former).stream()
        .filter(ref -> !Objects.equals(ref.getUid(), resource.getMetadata().getUid())).toList();
    return Optional.of(new SecretBuilder(former)
        .editMetadata().withLabels(labels).withAnnotations(annotations).withOwnerReferences(owners).endMetadata()
        .withData(data)
        .build());
  }

  private static List<OwnerReference> ownerReferences(Secret secret) {
    return secret.getMetadata().getOwnerReferences() == null ? List.of() : secret.getMetadata().getOwnerReferences();
  }

  private static Map<String, String> orEmpty(Map<String, String> map) {
    return map == null ? Map.of() : map;
  }
}
