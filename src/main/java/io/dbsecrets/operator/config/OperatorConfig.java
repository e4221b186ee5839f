package io.dbsecrets.operator.config;

import io.dbsecrets.operator.api.Durations;
import io.dbsecrets.operator.api.RefreshIntervals;
import io.dbsecrets.operator.kube.Shard;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Every setting of the operator, read once at start from environment variables, each of which can also be given
 * as a flag: DBSECRETS_WATCH_NAMESPACES is {@code --watch-namespaces=a,b}.
 */
public record OperatorConfig(
    Set<String> watchNamespaces,
    String defaultRegion,
    Duration defaultRefreshInterval,
    Duration minRefreshInterval,
    int httpPort,
    String operatorNamespace,
    boolean policyEnforced,
    boolean leaderElection,
    String leaseName,
    int reconcileThreads,
    URI awsEndpoint,
    Duration awsCallTimeout,
    Duration coalesceWindow,
    Duration batchWindow,
    boolean batchFetch,
    Duration rolloutWindow,
    Duration rolloutMinInterval,
    Duration retryInitialInterval,
    Duration retryMaxInterval,
    Duration overdueGrace,
    String logFormat,
    String logLevel,
    boolean resourceMetrics,
    String eventQueueUrl,
    Shard shard) {

  /** Every setting, in the order of the README's configuration table and of {@code --help}. */
  public static final List<Setting> SETTINGS = List.of(
      Setting.withShownDefault("DBSECRETS_WATCH_NAMESPACES", "all", "Comma-separated namespaces to watch."),
      Setting.withShownDefault("DBSECRETS_DEFAULT_REGION", "`AWS_REGION`, `AWS_DEFAULT_REGION`, else `us-east-1`",
          "Region for resources that name none."),
      Setting.of("DBSECRETS_DEFAULT_REFRESH_INTERVAL", "1h", "Refresh interval for resources that set none."),
      Setting.of("DBSECRETS_MIN_REFRESH_INTERVAL", "1s", "The shortest refresh interval any resource gets: a "
          + "shorter `spec.refreshInterval` (other than `0`) is raised to it, as the interval is the tenant's to set "
          + "and every refresh is an AWS read. Raise it (say to `1m`) to cap what one namespace can cost."),
      Setting.of("DBSECRETS_HTTP_PORT", "8080", "Port of `/healthz`, `/readyz` and `/metrics`."),
      Setting.of("DBSECRETS_OPERATOR_NAMESPACE", "default",
          "The operator's namespace (hash key Secret, leader-election Lease); the chart sets it from the pod."),
      Setting.of("DBSECRETS_POLICY_ENFORCED", "true",
          "Enforce the namespace policy (see [Running on EKS](#running-on-eks))."),
      Setting.of("DBSECRETS_LEADER_ELECTION", "false", "Leader election through a Lease, for more than one replica."),
      Setting.of("DBSECRETS_LEASE_NAME", "externaldbsecret-operator", "Name of that Lease."),
      Setting.of("DBSECRETS_RECONCILE_THREADS", "8", "Concurrent reconciles (batches are filled by the read-ahead, not by them)."),
      Setting.withShownDefault("DBSECRETS_AWS_ENDPOINT", "–",
          "One endpoint for every AWS service (moto, LocalStack). The SDK's `AWS_ENDPOINT_URL_SECRETS_MANAGER` and "
              + "`AWS_ENDPOINT_URL_STS` take precedence over it; `AWS_ENDPOINT_URL` applies when it is unset."),
      Setting.of("DBSECRETS_AWS_CALL_TIMEOUT", "30s", "Limit on one AWS call, retries included."),
      Setting.of("DBSECRETS_COALESCE_WINDOW", "10s", "How old a shared answer a first sync or spec change accepts."),
      Setting.of("DBSECRETS_BATCH_FETCH", "true", "Use `BatchGetSecretValue`."),
      Setting.of("DBSECRETS_BATCH_WINDOW", "0",
          "How long a read with no reads due soon waits for others to batch with (`0`: it leaves at once)."),
      Setting.of("DBSECRETS_RETRY_INITIAL_INTERVAL", "2s", "First wait before retrying a reconcile that failed on "
          + "the Kubernetes API (outage, refused status write, conflict)."),
      Setting.of("DBSECRETS_RETRY_MAX_INTERVAL", "1m", "The wait doubles up to this; retries never stop, so refresh "
          + "resumes at most this long after an outage ends."),
      Setting.of("DBSECRETS_OVERDUE_GRACE", "5m", "How late a refresh or a scheduled reconcile may be before it "
          + "counts as overdue (gauges, `/healthz`)."),
      Setting.of("DBSECRETS_ROLLOUT_WINDOW", "5s", "How long a workload's restart waits for other "
          + "ExternalDbSecrets feeding it to change too; `0` restarts at once."),
      Setting.of("DBSECRETS_ROLLOUT_MIN_INTERVAL", "0", "Least time between two restarts of one workload, for "
          + "resources that set no `spec.rollout.minInterval`; `0` sets no limit."),
      Setting.of("DBSECRETS_LOG_FORMAT", "json",
          "`json` (one object a line, with `resource.namespace`/`resource.name`) or `text`."),
      Setting.of("DBSECRETS_LOG_LEVEL", "INFO", "Level of the operator's own loggers: `TRACE`, `DEBUG`, `INFO`, "
          + "`WARN` or `ERROR`."),
      Setting.of("DBSECRETS_RESOURCE_METRICS", "false", "Also export one series per ExternalDbSecret "
          + "(`dbsecrets_resource_*`: readiness, last sync time, refresh interval); off by default for large fleets."),
      Setting.withShownDefault("DBSECRETS_EVENT_QUEUE_URL", "– (off)", "URL of the SQS queue EventBridge sends "
          + "Secrets Manager events to (see [Event-driven sync](#event-driven-sync)); its region is read from the "
          + "URL. Unset: no events, polling only. With more than one shard, each shard needs its own queue: put "
          + "`{shard}` in the URL, which becomes the shard's index."),
      Setting.of("DBSECRETS_SHARDS", "1", "Number of shards the fleet is split into (see [Sharding](#sharding)); "
          + "`1` serves every resource and labels none."),
      Setting.of("DBSECRETS_SHARD", "0", "This replica's shard, `0` to `DBSECRETS_SHARDS - 1`."));

  /** Each setting's default, by variable name. */
  public static final Map<String, String> DEFAULTS = SETTINGS.stream()
      .collect(Collectors.toUnmodifiableMap(Setting::variable, Setting::defaultValue));

  /** In DBSECRETS_EVENT_QUEUE_URL, replaced by the shard's index. */
  public static final String SHARD_PLACEHOLDER = "{shard}";
  private static final Set<String> LOG_FORMATS = Set.of("json", "text");
  private static final Set<String> LOG_LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR");

  public static OperatorConfig fromEnvironment(Map<String, String> env, String[] args) {
    Map<String, String> values = new LinkedHashMap<>();
    SETTINGS.forEach(s -> values.put(s.variable(), s.defaultValue()));
    DEFAULTS.keySet().forEach(k -> {
      if (env.get(k) != null) {
        values.put(k, env.get(k));
      }
    });
    for (String arg : args) {
      if (!arg.startsWith("--") || !arg.contains("=")) {
        throw new IllegalArgumentException("expected --name=value, got " + arg);
      }
      String key = Setting.variableOf(arg.substring(0, arg.indexOf('=')));
      if (!DEFAULTS.containsKey(key)) {
        throw new IllegalArgumentException(
            "unknown flag " + arg.substring(0, arg.indexOf('=')) + " (--help lists them)");
      }
      values.put(key, arg.substring(arg.indexOf('=') + 1));
    }
    String region = firstNonBlank(values.get("DBSECRETS_DEFAULT_REGION"), env.get("AWS_REGION"),
        env.get("AWS_DEFAULT_REGION"), "us-east-1");
    String endpoint = values.get("DBSECRETS_AWS_ENDPOINT");
    Shard shard = shard(values);
    return new OperatorConfig(
        Arrays.stream(values.get("DBSECRETS_WATCH_NAMESPACES").split(","))
            .map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet()),
        region,
        Durations.parse(values.get("DBSECRETS_DEFAULT_REFRESH_INTERVAL")),
        Durations.parse(values.get("DBSECRETS_MIN_REFRESH_INTERVAL")),
        Integer.parseInt(values.get("DBSECRETS_HTTP_PORT")),
        values.get("DBSECRETS_OPERATOR_NAMESPACE"),
        bool(values, "DBSECRETS_POLICY_ENFORCED"),
        bool(values, "DBSECRETS_LEADER_ELECTION"),
        values.get("DBSECRETS_LEASE_NAME"),
        Integer.parseInt(values.get("DBSECRETS_RECONCILE_THREADS")),
        endpoint.isBlank() ? null : URI.create(endpoint),
        Durations.parse(values.get("DBSECRETS_AWS_CALL_TIMEOUT")),
        Durations.parse(values.get("DBSECRETS_COALESCE_WINDOW")),
        Durations.parse(values.get("DBSECRETS_BATCH_WINDOW")),
        bool(values, "DBSECRETS_BATCH_FETCH"),
        Durations.parse(values.get("DBSECRETS_ROLLOUT_WINDOW")),
        Durations.parse(values.get("DBSECRETS_ROLLOUT_MIN_INTERVAL")),
        Durations.parse(values.get("DBSECRETS_RETRY_INITIAL_INTERVAL")),
        Durations.parse(values.get("DBSECRETS_RETRY_MAX_INTERVAL")),
        Durations.parse(values.get("DBSECRETS_OVERDUE_GRACE")),
        oneOf(values, "DBSECRETS_LOG_FORMAT", LOG_FORMATS, false),
        oneOf(values, "DBSECRETS_LOG_LEVEL", LOG_LEVELS, true),
        bool(values, "DBSECRETS_RESOURCE_METRICS"),
        eventQueueUrl(blankToNull(values.get("DBSECRETS_EVENT_QUEUE_URL")), shard),
        shard);
  }

  private static Shard shard(Map<String, String> values) {
    return new Shard(integer(values, "DBSECRETS_SHARDS"), integer(values, "DBSECRETS_SHARD"));
  }

  /**
   * The queue of this shard: a consumer deletes the messages it has handled, including those concerning no resource
   * it serves, so shards sharing one queue would each miss the events the others took.
   */
  private static String eventQueueUrl(String url, Shard shard) {
    if (url == null) {
      return null;
    }
    if (shard.sharded() && !url.contains(SHARD_PLACEHOLDER)) {
      throw new IllegalArgumentException("DBSECRETS_EVENT_QUEUE_URL must contain " + SHARD_PLACEHOLDER
          + " with DBSECRETS_SHARDS > 1: each shard needs its own queue (an EventBridge rule with one SQS target "
          + "per shard), as a shard takes the events off its queue");
    }
    return url.replace(SHARD_PLACEHOLDER, Integer.toString(shard.index()));
  }

  private static int integer(Map<String, String> values, String name) {
    String value = values.get(name).strip();
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, not '" + value + "'");
    }
  }

  /** The Lease this replica elects its leader with: one per shard. */
  public String electionLeaseName() {
    return shard.leaseName(leaseName);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }

  /** The default refresh interval and the floor every resource's interval is held to. */
  public RefreshIntervals refreshIntervals() {
    return new RefreshIntervals(defaultRefreshInterval, minRefreshInterval);
  }

  public boolean watchesAllNamespaces() {
    return watchNamespaces.isEmpty();
  }

  /** Strict: Boolean.parseBoolean reads "yes" or "1" as false, which would quietly switch the policy off. */
  private static boolean bool(Map<String, String> values, String name) {
    String value = values.get(name).strip();
    if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(value);
    }
    throw new IllegalArgumentException(name + " must be true or false, not '" + value + "'");
  }

  private static String oneOf(Map<String, String> values, String name, Set<String> allowed, boolean upperCase) {
    String value = values.get(name).strip();
    String normalised = upperCase ? value.toUpperCase(Locale.ROOT) : value.toLowerCase(Locale.ROOT);
    if (!allowed.contains(normalised)) {
      throw new IllegalArgumentException(name + " must be one of " + new TreeSet<>(allowed) + ", not '" + value + "'");
    }
    return normalised;
  }

  private static String firstNonBlank(String... candidates) {
    for (String c : candidates) {
      if (c != null && !c.isBlank()) {
        return c;
      }
    }
    return null;
  }
}
