package io.dbsecrets.operator.bench;

import java.util.Map;
import java.util.TreeMap;

/** The figures of one operator at one size; fields left at their defaults were not reached. */
final class CompareResult {
  final String contender;
  final int resources;
  final int secrets;
  String error;
  double loadStart = Double.NaN;
  double loadEnd = Double.NaN;
  double loadMax = Double.NaN;
  double createSeconds = Double.NaN;
  double startedSeconds = Double.NaN;
  double startedCpuSeconds = Double.NaN;
  double coldStartSeconds = Double.NaN;
  Map<String, Long> coldAwsCalls = new TreeMap<>();
  double coldCpuSeconds = Double.NaN;
  double cycleSeconds = Double.NaN;
  Map<String, Long> cycleAwsCalls = new TreeMap<>();
  double cycleCpuSeconds = Double.NaN;
  int latencySamples;
  int latencyTimeouts;
  double latencyP50Ms = Double.NaN;
  double latencyP99Ms = Double.NaN;
  double latencyMaxMs = Double.NaN;
  double rssMib = Double.NaN;
  int threads = -1;

  CompareResult(String contender, int resources, int secrets) {
    this.contender = contender;
    this.resources = resources;
    this.secrets = secrets;
  }

  /** The floor for a steady cycle: every secret read once, 20 to a BatchGetSecretValue call. */
  long floor() {
    return (secrets + 19) / 20;
  }

  static long total(Map<String, Long> calls) {
    return calls.values().stream().mapToLong(Long::longValue).sum();
  }
}
