package io.dbsecrets.operator.health;

import io.javaoperatorsdk.operator.RuntimeInfo;

/**
 * Live while the informers are healthy (a restart would help otherwise); ready once started and every informer
 * has synced and stays healthy.
 */
public record HealthReport(boolean live, boolean ready, String describe) {
  public static HealthReport of(RuntimeInfo runtime) {
    boolean started = runtime.isStarted();
    boolean healthy = runtime.allEventSourcesAreHealthy();
    String text = "started=" + started + " informersHealthy=" + healthy
        + (healthy ? "" : " unhealthy=" + runtime.unhealthyInformerWrappingEventSourceHealthIndicator().keySet());
    return new HealthReport(!started || healthy, started && healthy, text + "\n");
  }
}
