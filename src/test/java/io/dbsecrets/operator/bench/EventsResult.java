package io.dbsecrets.operator.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Everything the events mode measured for one size N; fields left at their defaults were not reached. */
final class EventsResult {
  int resources;
  int secrets;
  int rotations;
  String tier;
  String error;
  double loadStart = Double.NaN;
  double loadEnd = Double.NaN;
  double runSeconds = Double.NaN;
  double createSeconds = Double.NaN;
  double coldStartSeconds = Double.NaN;
  Map<String, Long> coldSmCalls = new TreeMap<>();
  Duration eventsRefresh;

  /** Events on, nothing rotating: what the fleet costs at rest. */
  Window idle;

  /** Events on: from the event being put on EventBridge to the driver's watch seeing the new value. */
  Rotations eventRotations;
  Map<String, Long> eventOutcomes = new TreeMap<>();
  double operatorEventToSecretMeanMs = Double.NaN;

  /** Events off, one steady cycle per refresh interval. */
  List<Window> polling = new ArrayList<>();

  /** Events off, at the first polling interval: from put-secret-value to the driver's watch seeing the new value. */
  Rotations pollRotations;
  Duration pollRotationsInterval;

  /** Calls counted over one window of a configuration, by API, at the Secrets Manager and the SQS proxies. */
  static final class Window {
    String configuration;
    Duration refresh;
    double settleSeconds;
    double seconds;
    Map<String, Long> smCalls = new TreeMap<>();
    Map<String, Long> sqsCalls = new TreeMap<>();
    SecretReads secretsRead = SecretReads.NONE;
    Map<String, Long> syncs = new TreeMap<>();

    long calls() {
      return SizeResult.total(smCalls) + SizeResult.total(sqsCalls);
    }

    double perHour(long calls) {
      return seconds <= 0 ? Double.NaN : calls * 3600.0 / seconds;
    }
  }

  /** Latencies of one batch of rotations: per rotation (its last reader's Secret) and per Secret. */
  static final class Rotations {
    final List<Double> perRotationMs = new ArrayList<>();
    final List<Double> perSecretMs = new ArrayList<>();
    /** Events only: how long moto's EventBridge took to accept each event (and, synchronously, queue it). */
    final List<Double> putEventsMs = new ArrayList<>();
    int timeouts;
    double seconds;
    Map<String, Long> smCalls = new TreeMap<>();
    Map<String, Long> sqsCalls = new TreeMap<>();
    Map<String, Long> syncs = new TreeMap<>();
  }
}
