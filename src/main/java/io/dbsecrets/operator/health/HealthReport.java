package io.dbsecrets.operator.health;

import io.javaoperatorsdk.operator.RuntimeInfo;

/**
 * Ready once started and every informer has synced and stays healthy. Live unless the reconcile loop broke its
 * promise to reconcile some resource (by more than a grace period) while the informers are healthy, so the API
 * server is reachable: a restart, which reschedules every resource from its status, fixes that. An unreachable API
 * server alone never fails liveness, as restarting the pod cannot bring it back and would only add a crash loop to
 * the outage; the informers reconnect by themselves, and readiness shows the outage meanwhile.
 */
public record HealthReport(boolean live, boolean ready, String describe) {
  public static HealthReport of(RuntimeInfo runtime, long overdueReconciles) {
    boolean started = runtime.isStarted();
    boolean healthy = runtime.allEventSourcesAreHealthy();
    return of(started, healthy, overdueReconciles, healthy ? ""
        : " unhealthy=" + runtime.unhealthyInformerWrappingEventSourceHealthIndicator().keySet());
  }

  static HealthReport of(boolean started, boolean informersHealthy, long overdueReconciles, String detail) {
    String text = "started=" + started + " informersHealthy=" + informersHealthy
        + " overdueReconciles=" + overdueReconciles + detail;
    boolean stalled = informersHealthy && overdueReconciles > 0;
    return new HealthReport(!started || !stalled, started && informersHealthy, text + "\n");
  }
}
