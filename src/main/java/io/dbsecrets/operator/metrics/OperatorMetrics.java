package io.dbsecrets.operator.metrics;

import io.dbsecrets.operator.aws.AwsCallListener;
import io.dbsecrets.operator.aws.SavedReads;
import io.dbsecrets.operator.aws.events.EventQueueListener;
import io.dbsecrets.operator.reconcile.SyncMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * The operator's own Prometheus series. Labels are bounded sets (reasons, API names, outcomes), never resource
 * names or secret IDs, so cardinality does not grow with the number of resources.
 */
public class OperatorMetrics implements SyncMetrics, AwsCallListener, SavedReads, EventQueueListener {
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
      rolloutDuration(kind, "complete");
      rolloutDuration(kind, "failed");
      rolloutFailures(kind);
    }
    KnownLabels.batchFallbackReasons().forEach(this::batchFallbacks);
    savedReads(SavedReads.SHARING);
    savedReads(SavedReads.BATCHING);
    latency("success");
    latency("failure");
    eventsReceived();
    for (Outcome outcome : Outcome.values()) {
      events(outcome);
    }
    eventQueueFailures();
    eventLatency();
  }

  @Override
  public void received() {
    eventsReceived().increment();
  }

  @Override
  public void handled(Outcome outcome) {
    events(outcome).increment();
  }

  @Override
  public void receiveFailed() {
    eventQueueFailures().increment();
  }

  @Override
  public void eventApplied(Duration latency) {
    eventLatency().record(latency);
  }

  private Counter eventsReceived() {
    return Counter.builder("dbsecrets_events_received_total")
        .description("Messages taken off the Secrets Manager event queue").register(registry);
  }

  private Counter events(Outcome outcome) {
    return Counter.builder("dbsecrets_events_total").description("Event queue messages by what they came to")
        .tag("outcome", outcome.label()).register(registry);
  }

  private Counter eventQueueFailures() {
    return Counter.builder("dbsecrets_event_queue_receive_failures_total")
        .description("Failed ReceiveMessage calls on the event queue (the consumer backs off)").register(registry);
  }

  private Timer eventLatency() {
    return Timer.builder("dbsecrets_event_to_secret_seconds")
        .description("From an event's arrival to the Secret written for it").publishPercentileHistogram()
        .register(registry);
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

  @Override
  public void saved(String by, int reads) {
    savedReads(by).increment(reads);
  }

  private Counter savedReads(String by) {
    return Counter.builder("dbsecrets_aws_reads_saved_total")
        .description("AWS reads spared: answers shared between resources (sharing), secrets read together in one "
            + "BatchGetSecretValue call (batching)")
        .tag("by", by).register(registry);
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
  public void reconcileError(String kind) {
    Counter.builder("dbsecrets_reconcile_errors_total")
        .description("Reconciles that threw and are retried, by kind (KubernetesApi: the API server failed them)")
        .tag("kind", kind).register(registry).increment();
  }

  /** Requests as AWS counts them (bills and throttles): every SDK attempt, retries included. */
  @Override
  public void onRequest(String service, String operation, String outcome) {
    Counter.builder("dbsecrets_aws_calls_total")
        .description("HTTP requests sent to AWS (each SDK attempt, retries included) by service, API and outcome")
        .tag("service", String.valueOf(service)).tag("api", String.valueOf(operation)).tag("outcome", outcome)
        .register(registry).increment();
  }

  @Override
  public void onOperation(String service, String operation, String outcome) {
    Counter.builder("dbsecrets_aws_operations_total")
        .description("AWS API operations (after the SDK's retries) by service, API and outcome")
        .tag("service", String.valueOf(service)).tag("api", String.valueOf(operation)).tag("outcome", outcome)
        .register(registry).increment();
  }

  @Override
  public void rollout(String kind, String outcome) {
    rollouts(kind, outcome).increment();
  }

  @Override
  public void rolloutFinished(String kind, boolean failed, Duration took) {
    rolloutDuration(kind, failed ? "failed" : "complete").record(took);
    if (failed) {
      rolloutFailures(kind).increment();
    }
  }

  private Timer rolloutDuration(String kind, String result) {
    return Timer.builder("dbsecrets_rollout_duration")
        .description("Time from a workload's restart to the end of its rollout, by kind and result")
        .tag("kind", kind).tag("result", result)
        .serviceLevelObjectives(ROLLOUT_BUCKETS).register(registry);
  }

  /** Few buckets: a rollout takes seconds to tens of minutes, and kinds times results already make six series. */
  private static final Duration[] ROLLOUT_BUCKETS = {Duration.ofSeconds(10), Duration.ofSeconds(30),
      Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(5), Duration.ofMinutes(10),
      Duration.ofMinutes(20)};

  private Counter rolloutFailures(String kind) {
    return Counter.builder("dbsecrets_rollout_failures_total")
        .description("Restarted workloads whose rollout failed (ProgressDeadlineExceeded, or not complete in time)")
        .tag("kind", kind).register(registry);
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

  /** @param overdue counts resources whose refresh (status.nextRefreshTime) is overdue by more than the grace */
  public void overdueRefreshes(java.util.function.Supplier<Number> overdue) {
    io.micrometer.core.instrument.Gauge.builder("dbsecrets_refresh_overdue_resources", overdue)
        .description("ExternalDbSecrets whose refresh is overdue by more than DBSECRETS_OVERDUE_GRACE "
            + "(AWS failing, or the operator not reconciling)").register(registry);
  }

  /** @param overdue counts resources the reconcile loop promised to reconcile and has not, beyond the grace */
  public void overdueReconciles(java.util.function.Supplier<Number> overdue) {
    io.micrometer.core.instrument.Gauge.builder("dbsecrets_reconcile_overdue_resources", overdue)
        .description("ExternalDbSecrets whose scheduled reconcile is overdue by more than DBSECRETS_OVERDUE_GRACE "
            + "(fails /healthz while the API server is reachable)").register(registry);
  }

  public MeterRegistry registry() {
    return registry;
  }
}
