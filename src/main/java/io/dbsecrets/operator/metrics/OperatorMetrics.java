package io.dbsecrets.operator.metrics;

import io.dbsecrets.operator.aws.AwsCallListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * The operator's own Prometheus series. Labels are bounded sets (reasons, API names, outcomes), never resource
 * names or secret IDs, so cardinality does not grow with the number of resources.
 */
public class OperatorMetrics implements SyncMetrics, AwsCallListener {
  private final MeterRegistry registry;

  public OperatorMetrics(MeterRegistry registry) {
    this.registry = registry;
    registerKnownSeriesAtZero();
  }

  /** Every series a counter can have, at zero, so rate() and increase() see its first event (see KnownLabels). */
  private void registerKnownSeriesAtZero() {
    for (String trigger : KnownLabels.triggers()) {
      reconciles(trigger);
    }
    for (String trigger : KnownLabels.syncTriggers()) {
      syncs(trigger, true);
      syncs(trigger, false);
    }
    KnownLabels.failureReasons().forEach(this::failures);
    for (String kind : KnownLabels.workloadKinds()) {
      KnownLabels.rolloutOutcomes().forEach(outcome -> rollouts(kind, outcome));
    }
    KnownLabels.batchFallbackReasons().forEach(this::batchFallbacks);
    latency("success");
    latency("failure");
  }

  @Override
  public void reconciled(String trigger) {
    reconciles(trigger).increment();
  }

  @Override
  public void synced(String trigger, boolean secretWritten, Duration latency) {
    syncs(trigger, secretWritten).increment();
    latency("success").record(latency);
  }

  @Override
  public void failed(String reason, Duration latency) {
    failures(reason).increment();
    latency("failure").record(latency);
  }

  private Counter reconciles(String trigger) {
    return Counter.builder("dbsecrets_reconciles_total").description("Reconciles by what they decided to do")
        .tag("trigger", trigger).register(registry);
  }

  private Counter syncs(String trigger, boolean secretWritten) {
    return Counter.builder("dbsecrets_syncs_total").description("Successful syncs by what triggered them")
        .tag("trigger", trigger).tag("secret_written", String.valueOf(secretWritten)).register(registry);
  }

  private Counter failures(String reason) {
    return Counter.builder("dbsecrets_sync_failures_total").description("Failed syncs by reason")
        .tag("reason", reason).register(registry);
  }

  @Override
  public void onCall(String service, String operation, String outcome) {
    Counter.builder("dbsecrets_aws_calls_total").description("AWS API calls by service, API and outcome")
        .tag("service", String.valueOf(service)).tag("api", String.valueOf(operation)).tag("outcome", outcome)
        .register(registry).increment();
  }

  public void rollout(String kind, String outcome) {
    rollouts(kind, outcome).increment();
  }

  public void batchFallback(String reason) {
    batchFallbacks(reason).increment();
  }

  private Counter rollouts(String kind, String outcome) {
    return Counter.builder("dbsecrets_rollouts_total").description("Workload restarts by kind and outcome")
        .tag("kind", kind).tag("outcome", outcome).register(registry);
  }

  private Counter batchFallbacks(String reason) {
    return Counter.builder("dbsecrets_batch_fallbacks_total")
        .description("Times BatchGetSecretValue was given up for GetSecretValue, by reason")
        .tag("reason", reason).register(registry);
  }

  private Timer latency(String result) {
    return Timer.builder("dbsecrets_sync_duration").description("Time to sync one ExternalDbSecret")
        .tag("result", result).publishPercentileHistogram().register(registry);
  }

  public void managedResources(java.util.function.Supplier<Number> count) {
    io.micrometer.core.instrument.Gauge.builder("dbsecrets_managed_resources", count)
        .description("ExternalDbSecrets the operator manages").register(registry);
  }

  public MeterRegistry registry() {
    return registry;
  }
}
