package io.dbsecrets.operator.aws;

import java.net.URI;
import java.util.Map;

/**
 * Where each AWS service is reached, read from the operator's environment with the SDK's own variable names so
 * that production (System.getenv()) and tests (a map) take the same path. Most specific first:
 * AWS_ENDPOINT_URL_&lt;SERVICE&gt; (e.g. AWS_ENDPOINT_URL_STS), then the operator's DBSECRETS_AWS_ENDPOINT, then
 * AWS_ENDPOINT_URL; none means the SDK's regional endpoint. AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true turns the
 * SDK variables off, as it does in the SDK.
 */
final class AwsEndpoints {
  static final String SECRETS_MANAGER = "SECRETS_MANAGER";
  static final String STS = "STS";
  static final String SQS = "SQS";

  private final Map<String, String> env;
  private final URI operatorOverride;

  AwsEndpoints(Map<String, String> env, URI operatorOverride) {
    this.env = Map.copyOf(env);
    this.operatorOverride = operatorOverride;
  }

  /** @return the endpoint for a service (its SDK variable suffix, e.g. "STS"), or null for the SDK default */
  URI forService(String service) {
    boolean ignoreSdkVariables = "true".equalsIgnoreCase(env.get("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"));
    String specific = ignoreSdkVariables ? null : env.get("AWS_ENDPOINT_URL_" + service);
    if (specific != null && !specific.isBlank()) {
      return URI.create(specific.trim());
    }
    if (operatorOverride != null) {
      return operatorOverride;
    }
    String global = ignoreSdkVariables ? null : env.get("AWS_ENDPOINT_URL");
    return global == null || global.isBlank() ? null : URI.create(global.trim());
  }
}
