package io.dbsecrets.operator.reconcile;

import io.dbsecrets.operator.api.CreationPolicy;
import io.dbsecrets.operator.api.ExternalDbSecret;
import io.dbsecrets.operator.api.TargetSpec;
import io.dbsecrets.operator.render.SecretData;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the target Secret should look like, given what is there now. Pure: returns the Secret to write, or empty
 * when what is there already matches, so an unchanged sync writes nothing.
 */
public final class DesiredSecret {
  private DesiredSecret() {}

  public static String targetName(ExternalDbSecret resource) {
    String name = resource.getSpec().getTarget().getName();
    return name == null || name.isBlank() ? resource.getMetadata().getName() : name;
  }

  /** The operator's keys as they are in the Secret now: what a drift check compares with the last sync. */
  public static SecretData managedData(Secret existing, ExternalDbSecret resource) {
    SecretData all = SecretData.fromBase64(existing.getData());
    if (resource.getSpec().getTarget().effectiveCreationPolicy() == CreationPolicy.Merge) {
      return all.only(ManagedSecrets.managedKeys(existing));
    }
    return all;
  }

  /** The Secret to create or update, or empty when {@code existing} already holds exactly this. */
  public static Optional<Secret> toWrite(ExternalDbSecret resource, SecretData data, Secret existing) {
    TargetSpec target = resource.getSpec().getTarget();
    Map<String, String> labels = new LinkedHashMap<>();
    Map<String, String> annotations = new LinkedHashMap<>();
    Map<String, String> values = new TreeMap<>();
    if (existing != null) {
      putAll(labels, existing.getMetadata().getLabels());
      putAll(annotations, existing.getMetadata().getAnnotations());
      if (target.effectiveCreationPolicy() == CreationPolicy.Merge) {
        putAll(values, existing.getData());
        ManagedSecrets.managedKeys(existing).forEach(values::remove);
      }
    }
    labels.putAll(target.getLabels());
    labels.put(ManagedSecrets.MANAGED_BY_LABEL, ManagedSecrets.MANAGED_BY_VALUE);
    annotations.putAll(target.getAnnotations());
    annotations.put(ManagedSecrets.SOURCE_ANNOTATION, resource.getMetadata().getName());
    annotations.put(ManagedSecrets.KEYS_ANNOTATION, String.join(",", data.keys()));
    values.putAll(data.toBase64());

    if (existing != null && Objects.equals(labels, orEmpty(existing.getMetadata().getLabels()))
        && Objects.equals(annotations, orEmpty(existing.getMetadata().getAnnotations()))
        && Objects.equals(values, new TreeMap<>(orEmpty(existing.getData())))
        && (target.effectiveCreationPolicy() == CreationPolicy.Merge
            || Objects.equals(target.effectiveType(), existing.getType()))
        && ownerReferencesMatch(resource, existing)) {
      return Optional.empty();
    }
    var meta = new ObjectMetaBuilder()
        .withName(targetName(resource))
        .withNamespace(resource.getMetadata().getNamespace())
        .withLabels(labels)
        .withAnnotations(annotations);
    if (existing != null) {
      meta.withResourceVersion(existing.getMetadata().getResourceVersion())
          .withOwnerReferences(ownerReferencesToKeep(resource, existing))
          .withFinalizers(existing.getMetadata().getFinalizers());
    }
    if (target.effectiveCreationPolicy() == CreationPolicy.Owner && !isOwner(resource, existing)) {
      meta.addToOwnerReferences(new OwnerReferenceBuilder()
          .withApiVersion(resource.getApiVersion())
          .withKind(resource.getKind())
          .withName(resource.getMetadata().getName())
          .withUid(resource.getMetadata().getUid())
          .withController(true)
          .withBlockOwnerDeletion(false)
          .build());
    }
    return Optional.of(new SecretBuilder()
        .withMetadata(meta.build())
        .withType(existing != null && existing.getType() != null ? existing.getType() : target.effectiveType())
        .withData(values)
        .build());
  }

  /** The Secret's type is immutable: an owned Secret of another type is replaced, never merged into. */
  public static boolean needsReplacement(ExternalDbSecret resource, Secret existing) {
    return existing != null && resource.getSpec().getTarget().effectiveCreationPolicy() != CreationPolicy.Merge
        && existing.getType() != null && !existing.getType().equals(resource.getSpec().getTarget().effectiveType());
  }

  /** Only Owner keeps our ownerReference: with Orphan or Merge, deleting the resource must not delete the Secret. */
  private static boolean ownerReferencesMatch(ExternalDbSecret resource, Secret existing) {
    return (resource.getSpec().getTarget().effectiveCreationPolicy() == CreationPolicy.Owner)
        == isOwner(resource, existing);
  }

  private static List<OwnerReference> ownerReferencesToKeep(ExternalDbSecret resource, Secret existing) {
    List<OwnerReference> refs = existing.getMetadata().getOwnerReferences();
    if (refs == null || resource.getSpec().getTarget().effectiveCreationPolicy() == CreationPolicy.Owner) {
      return refs;
    }
    return refs.stream().filter(ref -> !Objects.equals(ref.getUid(), resource.getMetadata().getUid())).toList();
  }

  private static boolean isOwner(ExternalDbSecret resource, Secret existing) {
    return existing != null && existing.getMetadata().getOwnerReferences() != null
        && existing.getMetadata().getOwnerReferences().stream()
            .anyMatch(ref -> Objects.equals(ref.getUid(), resource.getMetadata().getUid()));
  }

  private static void putAll(Map<String, String> into, Map<String, String> from) {
    if (from != null) {
      into.putAll(from);
    }
  }

  private static Map<String, String> orEmpty(Map<String, String> map) {
    return map == null ? Map.of() : map;
  }
}
