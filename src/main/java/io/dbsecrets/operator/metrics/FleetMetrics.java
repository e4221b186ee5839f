package io.dbsecrets.operator.metrics;

import io.dbsecrets.operator.api.ExternalDbSecret;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Gauges computed from the informer's cache of ExternalDbSecrets each time /metrics is scraped, so they always
 * match what {@code kubectl get edbs} shows. The fleet gauges are labelled by namespace and reason only (bounded by
 * namespaces times reasons); the per-resource gauges carry resource names and are off unless asked for, as a large
 * fleet would make one series per resource.
 */
public class FleetMetrics {
  private final Supplier<Stream<ExternalDbSecret>> resources;
  private final Duration defaultInterval;
  private final Clock clock;
  private final MultiGauge byReason;
  private final MultiGauge stale;
  private final MultiGauge estimatedReads;
  private final String defaultRegion;
  private final MultiGauge resourceReady;
  private final MultiGauge resourceLastSync;
  private final MultiGauge resourceInterval;

  public FleetMetrics(MeterRegistry registry, Supplier<Stream<ExternalDbSecret>> resources, Duration defaultInterval,
                      String defaultRegion, boolean perResource, Clock clock) {
    this.resources = resources;
    this.defaultRegion = defaultRegion;
    this.defaultInterval = defaultInterval;
    this.clock = clock;
    byReason = MultiGauge.builder("dbsecrets_resources")
        .description("ExternalDbSecrets by namespace and Ready condition (status and reason)").register(registry);
    stale = MultiGauge.builder("dbsecrets_stale_resources")
        .description("ExternalDbSecrets whose last successful sync is older than twice their refresh interval")
        .register(registry);
    estimatedReads = MultiGauge.builder("dbsecrets_estimated_aws_reads_per_month")
        .description("AWS secret reads a month at the current refresh intervals; sharing=false as if every "
            + "resource read alone, sharing=true with resources of one secret sharing a read")
        .register(registry);
    resourceReady = perResource ? MultiGauge.builder("dbsecrets_resource_ready")
        .description("1 when the ExternalDbSecret is Ready, else 0; reason is the Ready condition's").register(registry)
        : null;
    resourceLastSync = perResource ? MultiGauge.builder("dbsecrets_resource_last_sync_timestamp_seconds")
        .description("Unix time of the ExternalDbSecret's last successful sync").register(registry) : null;
    resourceInterval = perResource ? MultiGauge.builder("dbsecrets_resource_refresh_interval_seconds")
        .description("The ExternalDbSecret's effective refresh interval (0: syncs once)").register(registry) : null;
  }

  /** Recomputes every gauge from the cache; series of resources or reasons that are gone disappear. */
  public void refresh() {
    Instant now = clock.instant();
    List<ExternalDbSecret> all = resources.get().toList();
    List<ResourceState> states = all.stream().map(r -> ResourceState.of(r, defaultInterval)).toList();
    AwsReadEstimate.Reads reads = AwsReadEstimate.perMonth(all, defaultInterval, defaultRegion);
    estimatedReads.register(List.of(MultiGauge.Row.of(Tags.of("sharing", "false"), reads.unshared()),
        MultiGauge.Row.of(Tags.of("sharing", "true"), reads.shared())), true);
    byReason.register(counts(states).entrySet().stream()
        .map(e -> MultiGauge.Row.of(e.getKey(), e.getValue())).collect(Collectors.toList()), true);
    Map<String, Long> staleByNamespace = new TreeMap<>();
    states.forEach(s -> staleByNamespace.merge(s.namespace(), s.isStale(now) ? 1L : 0L, Long::sum));
    stale.register(staleByNamespace.entrySet().stream()
        .map(e -> MultiGauge.Row.of(Tags.of("namespace", e.getKey()), e.getValue())).collect(Collectors.toList()),
        true);
    if (resourceReady != null) {
      refreshPerResource(states);
    }
  }

  /** Resources by namespace, ready status and reason: the rows of {@code dbsecrets_resources}. */
  static Map<Tags, Long> counts(List<ResourceState> states) {
    return states.stream().collect(Collectors.groupingBy(
        s -> Tags.of("namespace", s.namespace(), "ready", s.ready(), "reason", s.reason()),
        LinkedHashMap::new, Collectors.counting()));
  }

  private void refreshPerResource(List<ResourceState> states) {
    List<MultiGauge.Row<?>> ready = new ArrayList<>();
    List<MultiGauge.Row<?>> lastSync = new ArrayList<>();
    List<MultiGauge.Row<?>> interval = new ArrayList<>();
    for (ResourceState s : states) {
      Tags resource = Tags.of("namespace", s.namespace(), "name", s.name());
      ready.add(MultiGauge.Row.of(resource.and("reason", s.reason()), s.isReady() ? 1 : 0));
      s.lastSync().ifPresent(t -> lastSync.add(MultiGauge.Row.of(resource, t.toEpochMilli() / 1000.0)));
      s.refreshInterval().ifPresent(i -> interval.add(MultiGauge.Row.of(resource, i.toMillis() / 1000.0)));
    }
    resourceReady.register(ready, true);
    resourceLastSync.register(lastSync, true);
    resourceInterval.register(interval, true);
  }
}
