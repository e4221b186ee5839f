package io.dbsecrets.operator.reconcile;

import io.dbsecrets.operator.api.ExternalDbSecret;
import io.dbsecrets.operator.api.ExternalDbSecretSpec;
import io.dbsecrets.operator.api.RefreshIntervals;
import io.dbsecrets.operator.aws.SecretPresence;
import io.dbsecrets.operator.aws.SecretSource;
import io.dbsecrets.operator.policy.NamespacePolicy;
import io.dbsecrets.operator.render.DataHasher;
import io.dbsecrets.operator.rollout.RolloutTrigger;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;

/**
 * The reconciler for tests that call its sync directly: a given secret source and clock, no rollouts (or the given
 * ones), every namespace allowed, an hourly default and a 1 s floor on refresh intervals.
 */
final class DirectSync {
  static final Duration MINIMUM_INTERVAL = Duration.ofSeconds(1);

  private DirectSync() {}

  static ExternalDbSecretReconciler reconciler(KubernetesClient client, SecretSource aws, Clock clock) {
    return reconciler(client, aws, clock, RolloutTrigger.NONE, Duration.ofHours(1));
  }

  /** With these rollouts (the operator's own, wired to the same clock, for tests of restarts). */
  static ExternalDbSecretReconciler reconciler(KubernetesClient client, SecretSource aws, Clock clock,
                                               RolloutTrigger rollouts) {
    return reconciler(client, aws, clock, rollouts, Duration.ofHours(1));
  }

  /** @param defaultInterval the operator-wide refresh interval, for resources that set none */
  static ExternalDbSecretReconciler reconciler(KubernetesClient client, SecretSource aws, Clock clock,
                                               Duration defaultInterval) {
    return reconciler(client, aws, clock, RolloutTrigger.NONE, defaultInterval);
  }

  private static ExternalDbSecretReconciler reconciler(KubernetesClient client, SecretSource aws, Clock clock,
                                                       RolloutTrigger rollouts, Duration defaultInterval) {
    return new ExternalDbSecretReconciler(client, aws, request -> SecretPresence.exists(),
        new DataHasher(new byte[32]), NamespacePolicy.ALLOW_ALL, rollouts, SyncMetrics.NONE,
        new SyncSettings("eu-west-1", new RefreshIntervals(defaultInterval, MINIMUM_INTERVAL),
            Duration.ofSeconds(10)), clock,
        new ReconcileDeadlines(clock, Duration.ofMinutes(10)));
  }

  /** {@code app-db}, reading {@code db/app} every hour. */
  static ExternalDbSecret hourlyResource(String namespace, String uid) {
    ExternalDbSecretSpec spec = new ExternalDbSecretSpec();
    spec.setSecretId("db/app");
    spec.setRefreshInterval("1h");
    ExternalDbSecret resource = new ExternalDbSecret();
    resource.getMetadata().setName("app-db");
    resource.getMetadata().setNamespace(namespace);
    resource.getMetadata().setUid(uid);
    resource.getMetadata().setGeneration(1L);
    resource.setSpec(spec);
    return resource;
  }
}
