package io.dbsecrets.operator.support;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Reads the operator's own count of AWS calls, which its SDK interceptor records as each request completes. */
public final class AwsCallCounter {
  private AwsCallCounter() {}

  /** Secret reads of either kind: GetSecretValue and BatchGetSecretValue calls. */
  public static long secretReads(MeterRegistry registry) {
    return calls(registry, "GetSecretValue") + calls(registry, "BatchGetSecretValue");
  }

  public static long calls(MeterRegistry registry, String api) {
    return (long) registry.find("dbsecrets_aws_calls_total").tag("api", api).counters().stream()
        .mapToDouble(Counter::count).sum();
  }
}
