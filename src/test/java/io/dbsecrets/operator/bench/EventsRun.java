package io.dbsecrets.operator.bench;

import io.dbsecrets.operator.api.ExternalDbSecret;
import io.dbsecrets.operator.api.ExternalDbSecretSpec;
import io.dbsecrets.operator.api.RolloutTarget;
import io.dbsecrets.operator.api.WorkloadKind;
import io.dbsecrets.operator.support.AwsProxy;
import io.dbsecrets.operator.support.EventQueue;
import io.dbsecrets.operator.support.MotoServer;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import software.amazon.awssdk.services.secretsmanager.model.PutSecretValueResponse;

/**
 * One size of the events mode: N ExternalDbSecrets over M AWS secrets, the operator first with an event queue and a
 * long refresh interval (rotations arrive as Secrets Manager's EventBridge event), then without one at each polling
 * interval (rotations arrive at the next poll). Secrets Manager and SQS each go through their own recording proxy, so
 * every AWS call the operator makes is counted by API.
 */
final class EventsRun {
  private static final String PASSWORD = "password";

  private final BenchOptions options;
  private final EventsOptions events;
  private final int n;
  private final int m;
  private final Path logDir;
  private final EventsResult result = new EventsResult();

  EventsRun(BenchOptions options, EventsOptions events, int n, Path logDir) {
    this.options = options;
    this.events = events;
    this.n = n;
    this.m = options.secretsFor(n);
    this.logDir = logDir;
    result.resources = n;
    result.secrets = m;
    result.rotations = events.rotations();
    result.eventsRefresh = events.eventsRefresh();
  }

  EventsResult run() {
    result.loadStart = Bench.load();
    long t = System.nanoTime();
    Bench.log("events mode, N=%d M=%d: starting moto, proxies, API server", n, m);
    try (MotoServer moto = MotoServer.start();
         AwsProxy secretsManager = AwsProxy.in(moto.endpoint());
         AwsProxy sqs = AwsProxy.in(moto.endpoint());
         EventQueue queue = new EventQueue(moto.endpoint());
         KubeTier tier = KubeTier.start(options.tier())) {
      result.tier = tier.name();
      measure(tier, moto, new Proxies(secretsManager, sqs), queue);
    } catch (Exception | AssertionError e) {
      result.error = e.getClass().getSimpleName() + ": " + e.getMessage();
      Bench.log("N=%d failed: %s", n, result.error);
      e.printStackTrace(System.out);
    }
    result.runSeconds = Bench.seconds(System.nanoTime() - t);
    result.loadEnd = Bench.load();
    return result;
  }

  /** The two recording proxies and where each stands, so a phase counts only its own calls. */
  private record Proxies(AwsProxy secretsManager, AwsProxy sqs) {
    int[] mark() {
      return new int[] {secretsManager.requests().size(), sqs.requests().size()};
    }

    Map<String, Long> smSince(int[] mark) {
      return ScaleRun.countByApi(secretsManager, mark[0], secretsManager.requests().size());
    }

    Map<String, Long> sqsSince(int[] mark) {
      return ScaleRun.countByApi(sqs, mark[1], sqs.requests().size());
    }
  }

  private void measure(KubeTier tier, MotoServer moto, Proxies proxies, EventQueue queue) throws Exception {
    KubernetesClient client = tier.client();
    ScaleRun.setUpCluster(client);
    ScaleRun.parallel(options.createThreads(), m,
        i -> moto.createSecret(ScaleRun.secretName(i), String.format(ScaleRun.SECRET_JSON, i, i, i)));
    long t = System.nanoTime();
    ScaleRun.parallel(options.createThreads(), n, i -> client.resources(ExternalDbSecret.class)
        .inNamespace(ScaleRun.namespace(i)).resource(resource(i)).create());
    result.createSeconds = Bench.seconds(System.nanoTime() - t);
    Bench.log("created %d ExternalDbSecrets in %.1fs", n, result.createSeconds);

    Path log = logDir.resolve("operator-events-" + n + ".log");
    try (ReadyWatch tracker = ReadyWatch.ofExternalDbSecrets(client);
         SecretWatch watch = new SecretWatch(client, PASSWORD)) {
      Map<String, String> eventsOn = new HashMap<>(tier.operatorEnv());
      eventsOn.put("DBSECRETS_EVENT_QUEUE_URL", queue.url());
      eventsOn.put("AWS_ENDPOINT_URL_SQS", proxies.sqs().endpoint().toString());
      long start = System.nanoTime();
      OperatorProcess operator = OperatorProcess.start(options, eventsOn, proxies.secretsManager().endpoint(), log);
      try {
        operator.awaitReady(Duration.ofMinutes(5));
        long last = tracker.awaitCount(n, Duration.ofMinutes(30));
        result.coldStartSeconds = Bench.seconds(last - start);
        result.coldSmCalls = proxies.smSince(new int[] {0, 0});
        Bench.log("cold start with events on: all %d Ready after %.1fs; Secrets Manager calls %s", n,
            result.coldStartSeconds, result.coldSmCalls);
        // the second reconcile each first sync causes (its own Secret's event) is over well before this
        Bench.sleep(Duration.ofSeconds(10));
        result.idle = window(operator, proxies, "events on, refresh " + human(events.eventsRefresh()) + ", idle",
            events.eventsRefresh(), 10, events.idleWindow());
        eventRotations(operator, moto, proxies, queue, watch);
      } finally {
        operator.close();
      }

      boolean first = true;
      for (Duration interval : events.pollIntervals()) {
        setRefreshInterval(client, interval);
        operator = OperatorProcess.start(options, tier.operatorEnv(), proxies.secretsManager().endpoint(), log);
        try {
          long started = System.nanoTime();
          operator.awaitReady(Duration.ofMinutes(5));
          // the new operator syncs every resource for its changed spec: let that wave and one jittered cycle pass
          Duration settle = Duration.ofMillis((long) (interval.toMillis() * options.settleCycles()));
          Bench.log("events off, refresh %s: waiting %ds, then counting %ds", human(interval), settle.toSeconds(),
              interval.toSeconds());
          Bench.sleep(settle);
          result.polling.add(window(operator, proxies, "events off, refresh " + human(interval), interval,
              Bench.seconds(System.nanoTime() - started), interval));
          if (first) {
            pollRotations(operator, moto, proxies, watch, interval);
            first = false;
          }
        } finally {
          operator.close();
        }
      }
    }
  }

  /**
   * Sets every resource's refresh interval while no operator runs. Through the spec, not the operator's
   * DBSECRETS_DEFAULT_REFRESH_INTERVAL: a changed default takes effect only once each resource's nextRefreshTime,
   * scheduled at the old interval, has come (an hour with events on), whereas a spec change syncs at once.
   */
  private void setRefreshInterval(KubernetesClient client, Duration interval) throws Exception {
    String patch = "{\"spec\":{\"refreshInterval\":\"" + interval.toSeconds() + "s\"}}";
    ScaleRun.parallel(options.createThreads(), n, i -> client.resources(ExternalDbSecret.class)
        .inNamespace(ScaleRun.namespace(i)).withName(name(i)).patch(PatchContext.of(PatchType.JSON_MERGE), patch));
  }

  /** Counts the calls of one window, from now. */
  private EventsResult.Window window(OperatorProcess operator, Proxies proxies, String configuration,
                                     Duration refresh, double settledSeconds, Duration length) {
    EventsResult.Window w = new EventsResult.Window();
    w.configuration = configuration;
    w.refresh = refresh;
    w.settleSeconds = settledSeconds;
    int[] mark = proxies.mark();
    PromMetrics before = operator.metrics();
    long t = System.nanoTime();
    Bench.sleep(length);
    w.seconds = Bench.seconds(System.nanoTime() - t);
    w.smCalls = proxies.smSince(mark);
    w.sqsCalls = proxies.sqsSince(mark);
    w.secretsRead = SecretReads.of(proxies.secretsManager().requests().subList(mark[0],
        proxies.secretsManager().requests().size()));
    w.syncs = operator.metrics().deltaBy(before, "dbsecrets_syncs_total", "trigger");
    Bench.log("%s: %.0f s, Secrets Manager %s, SQS %s, syncs %s", configuration, w.seconds, w.smCalls, w.sqsCalls,
        w.syncs);
    return w;
  }

  /** Rotates, then puts Secrets Manager's event on EventBridge (whose rule sends it to the queue), one per spacing. */
  private void eventRotations(OperatorProcess operator, MotoServer moto, Proxies proxies, EventQueue queue,
                              SecretWatch watch) throws Exception {
    Bench.log("events on: %d rotations, one every %d ms", events.rotations(), events.rotationSpacing().toMillis());
    int[] mark = proxies.mark();
    PromMetrics before = operator.metrics();
    long t = System.nanoTime();
    List<Long> sentAt = new ArrayList<>();
    List<Double> putEventsMs = new ArrayList<>();
    for (int k = 0; k < events.rotations(); k++) {
      int s = rotated(k);
      PutSecretValueResponse put = moto.admin().putSecretValue(b -> b.secretId(ScaleRun.secretName(s))
          .secretString(value(s, "event")));
      long sent = System.nanoTime();
      queue.labelUpdated(put.arn(), put.name(), put.versionId());
      putEventsMs.add((System.nanoTime() - sent) / 1e6);
      sentAt.add(sent);
      Bench.sleep(events.rotationSpacing().minusNanos(System.nanoTime() - sent));
    }
    EventsResult.Rotations r = collect(watch, sentAt, "event", Duration.ofSeconds(60));
    r.putEventsMs.addAll(putEventsMs.stream().sorted().toList());
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (queue.messages() > 0 && System.nanoTime() < deadline) {
      Bench.sleep(Duration.ofMillis(200));
    }
    r.seconds = Bench.seconds(System.nanoTime() - t);
    r.smCalls = proxies.smSince(mark);
    r.sqsCalls = proxies.sqsSince(mark);
    PromMetrics after = operator.metrics();
    r.syncs = after.deltaBy(before, "dbsecrets_syncs_total", "trigger");
    result.eventOutcomes = after.deltaBy(before, "dbsecrets_events_total", "outcome");
    double count = after.sum("dbsecrets_event_to_secret_seconds_count") - before.sum(
        "dbsecrets_event_to_secret_seconds_count");
    double sum = after.sum("dbsecrets_event_to_secret_seconds_sum") - before.sum(
        "dbsecrets_event_to_secret_seconds_sum");
    result.operatorEventToSecretMeanMs = count > 0 ? sum / count * 1000 : Double.NaN;
    result.eventRotations = r;
    Bench.log("events on: rotations in %.0f s, Secrets Manager %s, SQS %s, syncs %s, events %s", r.seconds,
        r.smCalls, r.sqsCalls, r.syncs, result.eventOutcomes);
  }

  /** The same secrets rotated again without events: each reaches the cluster at its readers' next poll. */
  private void pollRotations(OperatorProcess operator, MotoServer moto, Proxies proxies, SecretWatch watch,
                             Duration interval) {
    Bench.log("events off: %d rotations, one every %d ms, refresh %s", events.rotations(),
        events.rotationSpacing().toMillis(), human(interval));
    int[] mark = proxies.mark();
    PromMetrics before = operator.metrics();
    long t = System.nanoTime();
    List<Long> putAt = new ArrayList<>();
    for (int k = 0; k < events.rotations(); k++) {
      int s = rotated(k);
      long put = System.nanoTime();
      moto.putSecret(ScaleRun.secretName(s), value(s, "poll"));
      putAt.add(put);
      Bench.sleep(events.rotationSpacing().minusNanos(System.nanoTime() - put));
    }
    // a due read may be at most 10% late by design, then lag behind a busy slot
    EventsResult.Rotations r = collect(watch, putAt, "poll",
        Duration.ofMillis((long) (interval.toMillis() * 1.1)).plusSeconds(30));
    r.seconds = Bench.seconds(System.nanoTime() - t);
    r.smCalls = proxies.smSince(mark);
    r.sqsCalls = proxies.sqsSince(mark);
    r.syncs = operator.metrics().deltaBy(before, "dbsecrets_syncs_total", "trigger");
    result.pollRotations = r;
    result.pollRotationsInterval = interval;
    Bench.log("events off: rotations in %.0f s, Secrets Manager %s, syncs %s", r.seconds, r.smCalls, r.syncs);
  }

  /** Waits for every reader of every rotated secret to show its new value; latencies from {@code startedAt}. */
  private EventsResult.Rotations collect(SecretWatch watch, List<Long> startedAt, String tag, Duration timeout) {
    EventsResult.Rotations r = new EventsResult.Rotations();
    long deadline = startedAt.get(startedAt.size() - 1) + timeout.toNanos();
    for (int k = 0; k < startedAt.size(); k++) {
      int s = rotated(k);
      String password = password(s, tag);
      double slowest = Double.NaN;
      for (int i = s; i < n; i += m) {
        try {
          long seen = watch.awaitValue(ScaleRun.namespace(i), name(i), password,
              Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
          double ms = (seen - startedAt.get(k)) / 1e6;
          r.perSecretMs.add(ms);
          slowest = Double.isNaN(slowest) ? ms : Math.max(slowest, ms);
        } catch (TimeoutException e) {
          r.timeouts++;
          slowest = Double.POSITIVE_INFINITY;
        }
      }
      if (Double.isFinite(slowest)) {
        r.perRotationMs.add(slowest);
      }
    }
    r.perRotationMs.sort(Double::compare);
    r.perSecretMs.sort(Double::compare);
    return r;
  }

  /** The k-th rotated secret: spread over the M secrets, distinct while there are at least as many secrets. */
  private int rotated(int k) {
    return (int) ((long) k * m / Math.max(1, events.rotations())) % m;
  }

  private static String password(int secret, String tag) {
    return "pw-" + secret + "-" + tag;
  }

  private static String value(int secret, String tag) {
    return String.format(ScaleRun.SECRET_JSON.replace("pw-%d", "%s"), password(secret, tag), secret, secret);
  }

  private static String name(int i) {
    return "edb-" + i;
  }

  /** Created with the events-on refresh interval; each polling configuration sets its own. */
  private ExternalDbSecret resource(int i) {
    ExternalDbSecret r = new ExternalDbSecret();
    r.setMetadata(new ObjectMetaBuilder().withName(name(i)).withNamespace(ScaleRun.namespace(i)).build());
    ExternalDbSecretSpec spec = new ExternalDbSecretSpec();
    spec.setSecretId(ScaleRun.secretName(i % m));
    spec.setRefreshInterval(events.eventsRefresh().toSeconds() + "s");
    spec.getRollout().getTargets().add(new RolloutTarget(WorkloadKind.Deployment,
        "app-" + (i % ScaleRun.DEPLOYMENTS_PER_NAMESPACE)));
    r.setSpec(spec);
    return r;
  }

  static String human(Duration d) {
    if (d.toSeconds() % 3600 == 0) {
      return d.toHours() + " h";
    }
    if (d.toSeconds() % 60 == 0) {
      return d.toMinutes() + " min";
    }
    return d.toSeconds() + " s";
  }
}
