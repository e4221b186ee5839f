package io.dbsecrets.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbsecrets.operator.api.ExternalDbSecret;
import io.dbsecrets.operator.api.ExternalDbSecretSpec;
import io.dbsecrets.operator.api.ExternalDbSecretStatus;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FleetMetricsTest {
  static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final List<ExternalDbSecret> cache = new ArrayList<>();

  @Test
  void resourceIsStaleOnceItsLastSyncIsOlderThanTwiceItsInterval() {
    assertThat(state("1h", NOW.minus(Duration.ofMinutes(119))).isStale(NOW)).isFalse();
    assertThat(state("1h", NOW.minus(Duration.ofMinutes(121))).isStale(NOW)).isTrue();
    assertThat(state(null, NOW.minus(Duration.ofMinutes(61))).isStale(NOW)).as("operator default 30m").isTrue();
    assertThat(state("0", NOW.minus(Duration.ofDays(30))).isStale(NOW)).as("syncs once").isFalse();
    assertThat(state("1h", null).isStale(NOW)).as("never synced").isFalse();
    assertThat(state("every day", NOW.minus(Duration.ofDays(3))).isStale(NOW)).as("interval the operator rejects")
        .isFalse();
  }

  @Test
  void resourceWithoutStatusIsCountedAsPending() {
    ExternalDbSecret fresh = resource("ns", "fresh", null, null, null);
    fresh.setStatus(null);

    assertThat(ResourceState.of(fresh, Duration.ofHours(1)))
        .extracting(ResourceState::ready, ResourceState::reason).containsExactly("Unknown", "Pending");
  }

  @Test
  void countsFollowTheCacheAndRowsOfVanishedReasonsDisappear() {
    FleetMetrics fleet = new FleetMetrics(registry, () -> List.copyOf(cache).stream(), Duration.ofHours(1), "us-east-1",
        false, CLOCK);
    cache.add(resource("a", "one", "True", "Synced", NOW.minusSeconds(60)));
    cache.add(resource("a", "two", "False", "Throttled", NOW.minus(Duration.ofHours(3))));
    cache.add(resource("b", "three", "False", "Throttled", NOW.minusSeconds(60)));

    fleet.refresh();

    assertThat(gauge("dbsecrets_resources", "namespace", "a", "ready", "True", "reason", "Synced")).isEqualTo(1);
    assertThat(gauge("dbsecrets_resources", "namespace", "a", "ready", "False", "reason", "Throttled")).isEqualTo(1);
    assertThat(gauge("dbsecrets_stale_resources", "namespace", "a")).isEqualTo(1);
    assertThat(gauge("dbsecrets_stale_resources", "namespace", "b")).isZero();
    assertThat(registry.find("dbsecrets_resource_ready").gauges()).isEmpty();

    cache.remove(1);
    fleet.refresh();

    assertThat(registry.find("dbsecrets_resources").tags("namespace", "a", "reason", "Throttled").gauges()).isEmpty();
    assertThat(gauge("dbsecrets_stale_resources", "namespace", "a")).isZero();
  }

  @Test
  void perResourceSeriesCarryNameAndNamespaceWhenSwitchedOn() {
    FleetMetrics fleet = new FleetMetrics(registry, () -> List.copyOf(cache).stream(), Duration.ofHours(1), "us-east-1",
        true, CLOCK);
    cache.add(resource("a", "one", "False", "AccessDenied", NOW.minusSeconds(60)));

    fleet.refresh();

    assertThat(gauge("dbsecrets_resource_ready", "namespace", "a", "name", "one", "reason", "AccessDenied")).isZero();
    assertThat(gauge("dbsecrets_resource_last_sync_timestamp_seconds", "namespace", "a", "name", "one"))
        .isEqualTo(NOW.getEpochSecond() - 60);
    assertThat(gauge("dbsecrets_resource_refresh_interval_seconds", "namespace", "a", "name", "one"))
        .isEqualTo(3600);
  }

  @Test
  void monthlyReadEstimateCountsOneReadPerSharedSecretAtItsShortestInterval() {
    FleetMetrics fleet = new FleetMetrics(registry, () -> List.copyOf(cache).stream(), Duration.ofHours(1), "us-east-1",
        false, CLOCK);
    cache.add(withSecret("a", "one", "dev/db", null, "1h"));
    cache.add(withSecret("b", "two", "dev/db", null, "30m"));
    cache.add(withSecret("c", "three", "dev/db", "arn:aws:iam::111122223333:role/other", "1h"));
    cache.add(withSecret("c", "four", "dev/other", null, null));
    cache.add(withSecret("c", "once", "dev/once", null, "0"));

    fleet.refresh();

    // 30 days: 720 reads at 1h, 1440 at 30m; "one" and "two" share one read at 30m, the role makes "three" its own.
    assertThat(gauge("dbsecrets_estimated_aws_reads_per_month", "sharing", "false")).isEqualTo(720 + 1440 + 720 + 720);
    assertThat(gauge("dbsecrets_estimated_aws_reads_per_month", "sharing", "true")).isEqualTo(1440 + 720 + 720);
  }

  private static ExternalDbSecret withSecret(String namespace, String name, String secretId, String roleArn,
                                             String interval) {
    ExternalDbSecret r = resource(namespace, name, "True", "Synced", NOW);
    r.getSpec().setSecretId(secretId);
    r.getSpec().setRoleArn(roleArn);
    r.getSpec().setRefreshInterval(interval);
    return r;
  }

  private double gauge(String name, String... tags) {
    return registry.get(name).tags(tags).gauge().value();
  }

  private static ResourceState state(String interval, Instant lastSync) {
    ExternalDbSecret r = resource("ns", "r", "True", "Synced", lastSync);
    r.getSpec().setRefreshInterval(interval);
    return ResourceState.of(r, Duration.ofMinutes(30));
  }

  static ExternalDbSecret resource(String namespace, String name, String ready, String reason, Instant lastSync) {
    ExternalDbSecret r = new ExternalDbSecret();
    r.getMetadata().setNamespace(namespace);
    r.getMetadata().setName(name);
    r.setSpec(new ExternalDbSecretSpec());
    r.setStatus(new ExternalDbSecretStatus());
    if (ready != null) {
      r.getStatus().setConditions(List.of(new ConditionBuilder().withType("Ready").withStatus(ready)
          .withReason(reason).build()));
    }
    r.getStatus().setLastSyncTime(lastSync == null ? null : lastSync.toString());
    return r;
  }
}
