package io.dbsecrets.operator.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code dbsecrets_leader}: 1 on the replica that reconciles, 0 on a standby. Without leader election the only
 * replica leads. The sum over replicas is the number of leaders, so an alert can tell "no replica leads".
 */
public final class LeaderMetric {
  private final AtomicBoolean leading;

  public LeaderMetric(MeterRegistry registry, boolean leaderElection) {
    leading = new AtomicBoolean(!leaderElection);
    Gauge.builder("dbsecrets_leader", leading, l -> l.get() ? 1 : 0)
        .description("1 while this replica holds the leader Lease (always 1 without leader election)")
        // Nothing else holds this object without leader election; a weak reference would read NaN after a GC.
        .strongReference(true).register(registry);
  }

  public void startedLeading() {
    leading.set(true);
  }

  public void stoppedLeading() {
    leading.set(false);
  }
}
