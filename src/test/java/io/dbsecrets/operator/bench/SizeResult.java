package io.dbsecrets.operator.bench;

import java.util.Map;
import java.util.TreeMap;

/** Everything measured for one size N; fields left at their defaults were not reached. */
final class SizeResult {
  int resources;
  int secrets;
  String tier;
  String error;
  double loadStart = Double.NaN;
  double loadEnd = Double.NaN;
  double createSeconds = Double.NaN;
  double operatorReadyzSeconds = Double.NaN;
  double coldStartSeconds = Double.NaN;
  Map<String, Long> coldAwsCalls = new TreeMap<>();
  long coldReconciles = -1;
  double cycleSeconds;
  double settleCycles;
  Map<String, Long> cycleAwsCalls = new TreeMap<>();
  SecretReads cycleSecretsRead = SecretReads.NONE;
  SecretReads restartSecretsRead = SecretReads.NONE;
  Map<String, Long> cycleSyncs = new TreeMap<>();
  Map<String, Long> cycleReconciles = new TreeMap<>();
  double reconcilesPerResourcePerCycle = Double.NaN;
  int latencySamples;
  int latencyTimeouts;
  double latencyP50Ms = Double.NaN;
  double latencyP99Ms = Double.NaN;
  double latencyMaxMs = Double.NaN;
  double heapAfterGcMib = Double.NaN;
  double maxHeapMib = Double.NaN;
  double rssMib = Double.NaN;
  String gc = "?";
  double restartObserveSeconds;
  double restartReadyzSeconds = Double.NaN;
  int restartDueInWindow = -1;
  Map<String, Long> restartAwsCalls = new TreeMap<>();
  Map<String, Long> restartSyncs = new TreeMap<>();
  Map<String, Long> restartReconciles = new TreeMap<>();
  long restartRollouts = -1;
  int deploymentsRestarted = -1;
  int deployments;

  long reads(Map<String, Long> calls) {
    return calls.getOrDefault("BatchGetSecretValue", 0L) + calls.getOrDefault("GetSecretValue", 0L);
  }

  long target() {
    return (secrets + 19) / 20;
  }

  static long total(Map<String, Long> m) {
    return m.values().stream().mapToLong(Long::longValue).sum();
  }
}
