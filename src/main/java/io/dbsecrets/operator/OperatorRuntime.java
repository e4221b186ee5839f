package io.dbsecrets.operator;

import io.dbsecrets.operator.api.ExternalDbSecret;
import io.dbsecrets.operator.aws.AwsClients;
import io.dbsecrets.operator.aws.AwsSettings;
import io.dbsecrets.operator.aws.BatchingSecretSource;
import io.dbsecrets.operator.aws.CoalescingSecretSource;
import io.dbsecrets.operator.aws.ReadAhead;
import io.dbsecrets.operator.aws.SecretSource;
import io.dbsecrets.operator.aws.SecretsManagerDescriber;
import io.dbsecrets.operator.aws.SecretsManagerSource;
import io.dbsecrets.operator.aws.events.EventQueueConsumer;
import io.dbsecrets.operator.aws.events.QueueUrl;
import io.dbsecrets.operator.config.OperatorConfig;
import io.dbsecrets.operator.health.HealthReport;
import io.dbsecrets.operator.health.HttpEndpoints;
import io.dbsecrets.operator.kube.CompactItemStore;
import io.dbsecrets.operator.kube.HashKeyStore;
import io.dbsecrets.operator.kube.ShardLabeller;
import io.dbsecrets.operator.metrics.FleetMetrics;
import io.dbsecrets.operator.metrics.JvmProcessMetrics;
import io.dbsecrets.operator.metrics.LeaderMetric;
import io.dbsecrets.operator.metrics.OperatorMetrics;
import io.dbsecrets.operator.policy.NamespaceAnnotationPolicy;
import io.dbsecrets.operator.policy.NamespacePolicy;
import io.dbsecrets.operator.reconcile.ExternalDbSecretReconciler;
import io.dbsecrets.operator.reconcile.ReconcileDeadlines;
import io.dbsecrets.operator.reconcile.ReconcileRetry;
import io.dbsecrets.operator.reconcile.SyncSettings;
import io.dbsecrets.operator.render.DataHasher;
import io.dbsecrets.operator.rollout.RestartWindows;
import io.dbsecrets.operator.rollout.WorkloadRollouts;
import io.dbsecrets.operator.rollout.Workloads;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.RegisteredController;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.javaoperatorsdk.operator.processing.Controller;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator, assembled from its configuration and started: the same wiring runs in production and in tests.
 */
public final class OperatorRuntime implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(OperatorRuntime.class);
  private final Operator operator;
  private final AwsClients awsClients;
  private final HttpEndpoints http;
  private final OperatorMetrics metrics;
  private final KubernetesClient client;
  private final LeaderLease lease;
  private final JvmProcessMetrics jvm;
  private final EventQueueConsumer events;
  private final ShardLabeller labeller;

  private OperatorRuntime(Operator operator, AwsClients awsClients, HttpEndpoints http, OperatorMetrics metrics,
                          KubernetesClient client, LeaderLease lease, JvmProcessMetrics jvm,
                          EventQueueConsumer events, ShardLabeller labeller) {
    this.labeller = labeller;
    this.jvm = jvm;
    this.events = events;
    this.operator = operator;
    this.awsClients = awsClients;
    this.http = http;
    this.metrics = metrics;
    this.client = client;
    this.lease = lease;
  }

  /** How long the syncs of one batch of events may take before its messages are left to come back. */
  private static final Duration EVENT_HANDLE_TIMEOUT = Duration.ofMinutes(1);

  public static OperatorRuntime start(OperatorConfig config, KubernetesClient client) {
    return start(config, client, System.getenv(), Clock.systemUTC());
  }

  /**
   * @param env the process environment in production; the operator's AWS identity (access keys, IRSA web identity,
   *     else the SDK default chain) and AWS endpoint overrides are read from it
   */
  public static OperatorRuntime start(OperatorConfig config, KubernetesClient client, Map<String, String> env,
                                      Clock clock) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    if (config.shard().sharded()) {
      // each shard counts only its own resources: the label lets a dashboard take one replica per shard (max) and
      // add the shards up (sum)
      registry.config().commonTags("shard", Integer.toString(config.shard().index()));
    }
    OperatorMetrics metrics = new OperatorMetrics(registry);
    AwsClients awsClients = new AwsClients(
        new AwsSettings(config.defaultRegion(), config.awsEndpoint(), config.awsCallTimeout()), metrics, env);
    log.info("AWS identity: {}; namespace policy {}", awsClients.identitySource(),
        config.policyEnforced() ? "enforced" : "off (every namespace may read every secret)");
    NamespacePolicy policy = config.policyEnforced() ? new NamespaceAnnotationPolicy() : NamespacePolicy.ALLOW_ALL;
    SecretSource single = new SecretsManagerSource(awsClients);
    // a leaving batch also reads the secrets the fleet reads within the read-ahead horizon: full batches, however the
    // reconciles line up in time
    ReadAhead readAhead = new ReadAhead(clock);
    CoalescingSecretSource source = new CoalescingSecretSource(config.batchFetch()
        ? new BatchingSecretSource(awsClients, single, config.batchWindow(), metrics::batchFallback, clock, metrics,
            readAhead)
        : single, clock, Duration.ofMinutes(15), metrics);
    readAhead.answersInto(source);
    DataHasher hasher = new DataHasher(HashKeyStore.loadOrCreate(client, config.operatorNamespace()));

    ExternalDbSecretReconciler reconciler = new ExternalDbSecretReconciler(client, source,
        new SecretsManagerDescriber(awsClients), hasher,
        policy, new WorkloadRollouts(new Workloads(client, clock),
            new RestartWindows(config.rolloutWindow()), config.rolloutMinInterval(), clock), metrics,
        new SyncSettings(config.defaultRegion(), config.refreshIntervals(), config.coalesceWindow()), clock,
        new ReconcileDeadlines(clock, config.retryMaxInterval()));

    readAhead.readsFrom(reconciler::dueSoon);
    metrics.managedResources(reconciler::managedResources);
    LeaderMetric leader = new LeaderMetric(registry, config.leaderElection());
    LeaderLease lease = config.leaderElection()
        ? new LeaderLease(config.electionLeaseName(), config.operatorNamespace(), env, leader) : null;
    metrics.overdueRefreshes(() -> reconciler.overdueRefreshes(config.overdueGrace()));
    metrics.overdueReconciles(() -> reconciler.overdueReconciles(config.overdueGrace()));
    Operator operator = new Operator(o -> {
      o.withKubernetesClient(client)
          .withUseSSAToPatchPrimaryResource(false)
          .withCloseClientOnStop(false)
          .withConcurrentReconciliationThreads(config.reconcileThreads())
          .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(registry));
      if (lease != null) {
        o.withLeaderElectionConfiguration(lease.configuration());
      }
    });
    RegisteredController<ExternalDbSecret> controller = operator.register(reconciler, o -> {
      o.withRetry(ReconcileRetry.of(config.retryInitialInterval(), config.retryMaxInterval()));
      o.withItemStore(CompactItemStore.ofResources());
      if (!config.watchesAllNamespaces()) {
        o.settingNamespaces(config.watchNamespaces());
      }
      if (config.shard().sharded()) {
        o.withLabelSelector(config.shard().primarySelector());
      }
    });
    // JOSDK returns its Controller as the RegisteredController; its primary cache is the informer of every resource.
    FleetMetrics fleet = new FleetMetrics(registry,
        () -> ((Controller<ExternalDbSecret>) controller).eventSourceContext().getPrimaryCache().list(),
        config.refreshIntervals(), config.defaultRegion(), config.resourceMetrics(), clock);
    JvmProcessMetrics jvm = new JvmProcessMetrics(registry);
    HttpEndpoints http;
    try {
      http = new HttpEndpoints(config.httpPort(), () -> HealthReport.of(operator.getRuntimeInfo(),
          reconciler.overdueReconciles(config.overdueGrace())), () -> {
        fleet.refresh();
        return registry.scrape();
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve health and metrics on port " + config.httpPort(), e);
    }
    EventQueueConsumer events = eventQueue(config, awsClients, reconciler, metrics, clock);
    ShardLabeller labeller = config.shard().sharded()
        ? new ShardLabeller(client, config.shard(), config.watchNamespaces()) : null;
    // only the leader consumes events (a standby's reconciler would not act on what it took off the queue) and
    // labels; without leader election this replica is the leader
    List<Runnable> leaderWork = new ArrayList<>();
    if (events != null) {
      leaderWork.add(events::start);
    }
    if (labeller != null) {
      leaderWork.add(labeller::start);
    }
    if (lease != null) {
      leaderWork.forEach(lease::onLeading);
    }
    operator.start();
    if (lease == null) {
      leaderWork.forEach(Runnable::run);
    }
    return new OperatorRuntime(operator, awsClients, http, metrics, client, lease, jvm, events, labeller);
  }

  /** The consumer of Secrets Manager events, when DBSECRETS_EVENT_QUEUE_URL names a queue; else null. */
  private static EventQueueConsumer eventQueue(OperatorConfig config, AwsClients aws,
                                               ExternalDbSecretReconciler reconciler, OperatorMetrics metrics,
                                               Clock clock) {
    if (config.eventQueueUrl() == null) {
      return null;
    }
    QueueUrl queue = QueueUrl.parse(config.eventQueueUrl(), config.defaultRegion());
    return new EventQueueConsumer(aws.sqs(queue.region(), EventQueueConsumer.LONG_POLL), queue,
        reconciler.secretEvents(), metrics, clock, EVENT_HANDLE_TIMEOUT, Duration.ofSeconds(1),
        EventQueueConsumer.LONG_POLL);
  }

  public int httpPort() {
    return http.port();
  }

  public OperatorMetrics metrics() {
    return metrics;
  }

  @Override
  public void close() {
    if (lease != null) {
      lease.stopping();
    }
    if (events != null) {
      events.close();
    }
    if (labeller != null) {
      labeller.close();
    }
    // returns once the reconciles in flight have finished
    operator.stop();
    if (lease != null) {
      lease.release(client);
    }
    http.close();
    jvm.close();
    awsClients.close();
  }
}
