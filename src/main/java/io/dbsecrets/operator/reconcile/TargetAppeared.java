package io.dbsecrets.operator.reconcile;

import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Creating the target Secret answered 409: a Secret of that name is there although the sync saw none (it was taken
 * as absent from the cache, {@link TargetClaim#mayPresumeAbsent}, or created since it was looked up). The sync looks
 * it up and decides again.
 */
final class TargetAppeared extends RuntimeException {
  TargetAppeared(KubernetesClientException cause) {
    super("the target Secret exists although none was seen", cause, false, false);
  }

  KubernetesClientException conflict() {
    return (KubernetesClientException) getCause();
  }
}
