package io.dbsecrets.operator.reconcile;

import io.dbsecrets.operator.api.CreationPolicy;
import io.dbsecrets.operator.api.ExternalDbSecret;
import io.dbsecrets.operator.api.ExternalDbSecretStatus;
import io.dbsecrets.operator.kube.ManagedSecrets;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Whether a resource may write its target Secret. Pure. A Secret another live ExternalDbSecret manages is never
 * taken, not even with Merge: two writers would overwrite each other's keys and fight over the source annotation.
 * Merge takes a Secret nobody manages, or one whose managing resource is gone.
 */
public final class TargetClaim {
  private TargetClaim() {}

  /**
   * @param live whether an ExternalDbSecret of this name exists in the resource's namespace
   * @return why the resource may not write {@code existing}, or empty when it may
   */
  public static Optional<String> conflict(ExternalDbSecret resource, Secret existing, Predicate<String> live) {
    String name = resource.getMetadata().getName();
    if (existing == null || ManagedSecrets.isManagedBy(existing, name)) {
      return Optional.empty();
    }
    String target = existing.getMetadata().getName();
    Optional<String> manager = managerOf(existing).filter(other -> !other.equals(name)).filter(live);
    if (manager.isPresent()) {
      return Optional.of("Secret '" + target + "' is managed by ExternalDbSecret '" + manager.get()
          + "'; choose another spec.target.name (Merge never takes a Secret another ExternalDbSecret manages)");
    }
    if (resource.getSpec().getTarget().effectiveCreationPolicy() == CreationPolicy.Merge) {
      return Optional.empty();
    }
    return Optional.of("Secret '" + target + "' exists and is not managed by this ExternalDbSecret; set "
        + "spec.target.creationPolicy: Merge to write into it, or choose another spec.target.name");
  }

  /**
   * Whether a Secret missing from the cache of managed Secrets may be taken as absent without asking the API server:
   * only on a resource's first attempt (never synced, never failed) and not with Merge, which expects a Secret
   * nobody manages, so one the cache cannot hold. Creating it then answers 409 if a Secret the cache does not hold is
   * there after all, and the sync looks again; a resource that failed once (a target conflict among the reasons)
   * looks it up every time, so a conflict costs no AWS read after the first.
   */
  public static boolean mayPresumeAbsent(ExternalDbSecret resource) {
    ExternalDbSecretStatus status = resource.getStatus();
    boolean firstAttempt = status == null || (status.getLastSyncTime() == null && status.failureCount() == 0);
    return firstAttempt && resource.getSpec().getTarget().effectiveCreationPolicy() != CreationPolicy.Merge;
  }

  /** The ExternalDbSecret named on a Secret the operator manages, if it is one. */
  static Optional<String> managerOf(Secret secret) {
    Map<String, String> labels = secret.getMetadata().getLabels();
    Map<String, String> annotations = secret.getMetadata().getAnnotations();
    if (labels == null || annotations == null
        || !ManagedSecrets.MANAGED_BY_VALUE.equals(labels.get(ManagedSecrets.MANAGED_BY_LABEL))) {
      return Optional.empty();
    }
    return Optional.ofNullable(annotations.get(ManagedSecrets.SOURCE_ANNOTATION));
  }
}
