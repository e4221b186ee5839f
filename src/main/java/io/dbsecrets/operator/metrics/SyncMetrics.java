package io.dbsecrets.operator.metrics;

import java.time.Duration;

/** What the reconciler reports about syncs. */
public interface SyncMetrics {
  SyncMetrics NONE = new SyncMetrics() {
    @Override
    public void reconciled(String trigger) {}

    @Override
    public void synced(String trigger, boolean secretWritten, Duration latency) {}

    @Override
    public void failed(String reason, Duration latency) {}
  };

  /** Every reconcile that got past validation, with what it decided: NONE when AWS was not read. */
  void reconciled(String trigger);

  void synced(String trigger, boolean secretWritten, Duration latency);

  void failed(String reason, Duration latency);

  /** A reconcile threw (JOSDK retries it): {@code kind} KubernetesApi when the API server failed it, else Other. */
  default void reconcileError(String kind) {}
}
