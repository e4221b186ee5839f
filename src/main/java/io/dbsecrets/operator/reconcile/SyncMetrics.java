package io.dbsecrets.operator.reconcile;

import java.time.Duration;

/** What the reconciler reports about syncs and rollouts; metrics.OperatorMetrics counts it. */
public interface SyncMetrics {
  SyncMetrics NONE = new SyncMetrics() {
    @Override
    public void reconciled(String trigger) {}

    @Override
    public void synced(String trigger, boolean secretWritten, Duration latency) {}

    @Override
    public void failed(String reason, Duration latency) {}

    @Override
    public void rollout(String kind, String outcome) {}
  };

  /** Every reconcile that got past validation, with what it decided: NONE when AWS was not read. */
  void reconciled(String trigger);

  void synced(String trigger, boolean secretWritten, Duration latency);

  void failed(String reason, Duration latency);

  /** What a rollout attempt did to one workload ({@code outcome} a WorkloadResult.Outcome label). */
  void rollout(String kind, String outcome);

  /** A restarted workload's rollout completed or failed, {@code took} after its restart. */
  default void rolloutFinished(String kind, boolean failed, Duration took) {}

  /** A sync an event triggered wrote the Secret, {@code latency} after the event arrived. */
  default void eventApplied(Duration latency) {}

  /** A reconcile threw (JOSDK retries it): {@code kind} KubernetesApi when the API server failed it, else Other. */
  default void reconcileError(String kind) {}
}
