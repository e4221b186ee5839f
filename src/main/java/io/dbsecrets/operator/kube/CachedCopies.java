package io.dbsecrets.operator.kube;

import static io.dbsecrets.operator.kube.SharedStrings.compact;
import static io.dbsecrets.operator.kube.SharedStrings.compactStrings;
import static io.dbsecrets.operator.kube.SharedStrings.of;

import io.dbsecrets.operator.api.ExternalDbSecret;
import io.dbsecrets.operator.api.ExternalDbSecretSpec;
import io.dbsecrets.operator.api.ExternalDbSecretStatus;
import io.dbsecrets.operator.api.TargetSpec;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.processing.event.ResourceID;

/**
 * What the informer caches keep of each object, edited in place as the watch delivers it: a cache holds every
 * resource and every managed Secret, so its per-object size is the operator's memory (issue 17: at N = 20,000 the
 * 256 MiB heap of a 512 Mi container ran full). Nothing the operator reads is dropped:
 *
 * <ul>
 *   <li>{@code metadata.managedFields} of both: never read, and a write that leaves them unset keeps the stored ones
 *       (controller-runtime drops them the same way, {@code cache.TransformStripManagedFields}).
 *   <li>kubectl's {@code last-applied-configuration} annotation of an ExternalDbSecret: a copy of the whole object
 *       that {@code kubectl apply} adds to every resource. The operator never writes a resource's metadata (status
 *       goes to the status subresource, which keeps the stored metadata; the shard label is a merge patch). A managed
 *       Secret keeps it: the operator writes Secrets whole, with the annotations it cached.
 *   <li>Repeated strings (namespace, kind, labels, owner, condition reasons, the secret ID) become one shared
 *       instance, and empty maps and lists one shared empty instance ({@link SharedStrings}). Secret data is left as
 *       it is.
 * </ul>
 */
public final class CachedCopies {
  static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

  private CachedCopies() {}

  public static ExternalDbSecret resource(ExternalDbSecret resource) {
    resource.setApiVersion(of(resource.getApiVersion()));
    resource.setKind(of(resource.getKind()));
    ObjectMeta metadata = resource.getMetadata();
    if (metadata.getAnnotations() != null) {
      metadata.getAnnotations().remove(LAST_APPLIED);
    }
    metadata(metadata);
    if (resource.getSpec() != null) {
      spec(resource.getSpec());
    }
    if (resource.getStatus() != null) {
      status(resource.getStatus());
    }
    return resource;
  }

  /**
   * The ID of an object, with the strings the caches share: JOSDK reconciles a copy of the cached resource (made
   * through JSON, so with new strings), and an ID kept per resource (a deadline) would otherwise keep a second copy
   * of its name and namespace.
   */
  public static ResourceID idOf(HasMetadata object) {
    return new ResourceID(of(object.getMetadata().getName()), of(object.getMetadata().getNamespace()));
  }

  public static Secret secret(Secret secret) {
    secret.setApiVersion(of(secret.getApiVersion()));
    secret.setKind(of(secret.getKind()));
    secret.setType(of(secret.getType()));
    secret.setStringData(compact(secret.getStringData()));
    secret.setData(compact(secret.getData()));
    secret.setAdditionalProperties(compact(secret.getAdditionalProperties()));
    metadata(secret.getMetadata());
    return secret;
  }

  private static void metadata(ObjectMeta metadata) {
    metadata.setManagedFields(null);
    metadata.setNamespace(of(metadata.getNamespace()));
    metadata.setName(of(metadata.getName()));
    metadata.setUid(of(metadata.getUid()));
    metadata.setCreationTimestamp(of(metadata.getCreationTimestamp()));
    metadata.setLabels(compactStrings(metadata.getLabels()));
    metadata.setAnnotations(compactStrings(metadata.getAnnotations()));
    metadata.setFinalizers(compactStrings(metadata.getFinalizers()));
    metadata.setOwnerReferences(compact(metadata.getOwnerReferences()));
    if (metadata.getOwnerReferences() != null) {
      metadata.getOwnerReferences().forEach(CachedCopies::owner);
    }
    metadata.setAdditionalProperties(compact(metadata.getAdditionalProperties()));
  }

  private static void owner(OwnerReference owner) {
    owner.setApiVersion(of(owner.getApiVersion()));
    owner.setKind(of(owner.getKind()));
    owner.setName(of(owner.getName()));
    owner.setUid(of(owner.getUid()));
    owner.setAdditionalProperties(compact(owner.getAdditionalProperties()));
  }

  private static void spec(ExternalDbSecretSpec spec) {
    spec.setSecretId(of(spec.getSecretId()));
    spec.setRegion(of(spec.getRegion()));
    spec.setVersionStage(of(spec.getVersionStage()));
    spec.setRefreshInterval(of(spec.getRefreshInterval()));
    spec.setRoleArn(of(spec.getRoleArn()));
    spec.setTemplate(compact(spec.getTemplate()));
    spec.setData(compact(spec.getData()));
    TargetSpec target = spec.getTarget();
    target.setName(of(target.getName()));
    target.setLabels(compact(target.getLabels()));
    target.setAnnotations(compact(target.getAnnotations()));
    spec.getRollout().setTargets(compact(spec.getRollout().getTargets()));
  }

  private static void status(ExternalDbSecretStatus status) {
    status.setTargetSecret(of(status.getTargetSecret()));
    status.setSyncedVersionId(of(status.getSyncedVersionId()));
    status.setSyncedVersionStages(compactStrings(status.getSyncedVersionStages()));
    status.setLastSyncTrigger(of(status.getLastSyncTrigger()));
    status.setNextRefreshTime(of(status.getNextRefreshTime()));
    status.setDataHash(of(status.getDataHash()));
    status.setRolloutDataHash(of(status.getRolloutDataHash()));
    status.setConditions(compact(status.getConditions()));
    if (status.getConditions() != null) {
      status.getConditions().forEach(CachedCopies::condition);
    }
    status.setRolledOut(compact(status.getRolledOut()));
  }

  private static void condition(Condition condition) {
    condition.setType(of(condition.getType()));
    condition.setStatus(of(condition.getStatus()));
    condition.setReason(of(condition.getReason()));
    condition.setAdditionalProperties(compact(condition.getAdditionalProperties()));
  }
}
