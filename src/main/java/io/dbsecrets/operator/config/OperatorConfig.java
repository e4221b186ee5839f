package io.dbsecrets.operator.config;

import io.dbsecrets.operator.reconcile.Durations;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Every setting of the operator, read once at start from environment variables, each of which can also be given
 * as a flag: DBSECRETS_WATCH_NAMESPACES is {@code --watch-namespaces=a,b}.
 */
public record OperatorConfig(
    Set<String> watchNamespaces,
    String defaultRegion,
    Duration defaultRefreshInterval,
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
    Duration retryInitialInterval,
    Duration retryMaxInterval,
    Duration overdueGrace) {

  /** The settings, their defaults and what they do; the README's configuration table lists the same. */
  public static final Map<String, String> DEFAULTS = defaults();

  private static Map<String, String> defaults() {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("DBSECRETS_WATCH_NAMESPACES", "");
    d.put("DBSECRETS_DEFAULT_REGION", "");
    d.put("DBSECRETS_DEFAULT_REFRESH_INTERVAL", "1h");
    d.put("DBSECRETS_HTTP_PORT", "8080");
    d.put("DBSECRETS_OPERATOR_NAMESPACE", "default");
    d.put("DBSECRETS_POLICY_ENFORCED", "true");
    d.put("DBSECRETS_LEADER_ELECTION", "false");
    d.put("DBSECRETS_LEASE_NAME", "externaldbsecret-operator");
    d.put("DBSECRETS_RECONCILE_THREADS", "32");
    d.put("DBSECRETS_AWS_ENDPOINT", "");
    d.put("DBSECRETS_AWS_CALL_TIMEOUT", "30s");
    d.put("DBSECRETS_COALESCE_WINDOW", "10s");
    d.put("DBSECRETS_BATCH_WINDOW", "100ms");
    d.put("DBSECRETS_BATCH_FETCH", "true");
    d.put("DBSECRETS_ROLLOUT_WINDOW", "5s");
    d.put("DBSECRETS_RETRY_INITIAL_INTERVAL", "2s");
    d.put("DBSECRETS_RETRY_MAX_INTERVAL", "1m");
    d.put("DBSECRETS_OVERDUE_GRACE", "5m");
    return Map.copyOf(d);
  }

  public static OperatorConfig fromEnvironment(Map<String, String> env, String[] args) {
    Map<String, String> values = new LinkedHashMap<>(DEFAULTS);
    DEFAULTS.keySet().forEach(k -> {
      if (env.get(k) != null) {
        values.put(k, env.get(k));
      }
    });
    for (String arg : args) {
      if (!arg.startsWith("--") || !arg.contains("=")) {
        throw new IllegalArgumentException("expected --name=value, got " + arg);
      }
      String key = "DBSECRETS_" + arg.substring(2, arg.indexOf('=')).toUpperCase().replace('-', '_');
      if (!DEFAULTS.containsKey(key)) {
        throw new IllegalArgumentException("unknown flag " + arg.substring(0, arg.indexOf('=')));
      }
      values.put(key, arg.substring(arg.indexOf('=') + 1));
    }
    String region = firstNonBlank(values.get("DBSECRETS_DEFAULT_REGION"), env.get("AWS_REGION"),
        env.get("AWS_DEFAULT_REGION"), "us-east-1");
    String endpoint = values.get("DBSECRETS_AWS_ENDPOINT");
    return new OperatorConfig(
        Arrays.stream(values.get("DBSECRETS_WATCH_NAMESPACES").split(","))
            .map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet()),
        region,
        Durations.parse(values.get("DBSECRETS_DEFAULT_REFRESH_INTERVAL")),
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
        Durations.parse(values.get("DBSECRETS_RETRY_INITIAL_INTERVAL")),
        Durations.parse(values.get("DBSECRETS_RETRY_MAX_INTERVAL")),
        Durations.parse(values.get("DBSECRETS_OVERDUE_GRACE")));
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

  private static String firstNonBlank(String... candidates) {
    for (String c : candidates) {
      if (c != null && !c.isBlank()) {
        return c;
      }
    }
    return null;
  }
}
