package io.dbsecrets.operator;

import io.dbsecrets.operator.metrics.LeaderMetric;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaderElectionRecord;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Lease this replica leads with, and how it lets go of it.
 *
 * <p>JOSDK's own "exit on stop leading" calls System.exit from the leader elector's stop callback, which runs when
 * the operator stops, that is inside the SIGTERM shutdown hook: System.exit there blocks for good, so the process
 * never ended (and JOSDK 5.2.3 does not release the Lease on stop, so the standby waited for it to expire). Here a
 * Lease lost while running still ends the process (its Deployment restarts it), from a thread of its own; a stop
 * asked for ends the process through the shutdown hook, and once the reconciles in flight have finished
 * {@link #release} hands the Lease over at once.
 */
final class LeaderLease {
  private static final Logger log = LoggerFactory.getLogger(LeaderLease.class);
  private final String name;
  private final String namespace;
  private final String identity;
  private final LeaderMetric metric;
  private volatile boolean stopping;
  private final List<Runnable> whenLeading = new CopyOnWriteArrayList<>();

  LeaderLease(String name, String namespace, Map<String, String> env, LeaderMetric metric) {
    this.name = name;
    this.namespace = namespace;
    this.metric = metric;
    // the pod name, as JOSDK would pick it
    String hostname = env.get("HOSTNAME");
    this.identity = hostname == null || hostname.isBlank() ? UUID.randomUUID().toString() : hostname;
  }

  LeaderElectionConfiguration configuration() {
    return new LeaderElectionConfiguration(name, namespace, LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE,
        LeaderElectionConfiguration.RENEW_DEADLINE_DEFAULT_VALUE, LeaderElectionConfiguration.RETRY_PERIOD_DEFAULT_VALUE,
        identity, new LeaderCallbacks(this::startedLeading, this::stoppedLeading, leader -> {}), false);
  }

  /** What only the leader runs (the event queue consumer, the shard labeller), started when it takes the lead. */
  void onLeading(Runnable start) {
    whenLeading.add(start);
  }

  /** Called before the operator stops: losing the lead from now on is expected. */
  void stopping() {
    stopping = true;
  }

  private void startedLeading() {
    metric.startedLeading();
    log.info("leading as {} (Lease {}/{})", identity, namespace, name);
    whenLeading.forEach(Runnable::run);
  }

  private void stoppedLeading() {
    metric.stoppedLeading();
    if (stopping) {
      return;
    }
    log.error("lost the Lease {}/{}; exiting so that this replica restarts as a standby", namespace, name);
    // not on this thread: System.exit waits for the shutdown hook, which stops the leader elector this runs on
    Thread exit = new Thread(() -> System.exit(1), "exit-after-lost-lease");
    exit.start();
  }

  /** Hands the Lease over if this replica still holds it, so the standby takes over without waiting it out. */
  void release(KubernetesClient client) {
    LeaseLock lock = new LeaseLock(namespace, name, identity);
    try {
      LeaderElectionRecord current = lock.get(client);
      if (current == null || !identity.equals(current.getHolderIdentity())) {
        return;
      }
      ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
      lock.update(client, new LeaderElectionRecord(null, Duration.ofSeconds(1), now, now,
          current.getLeaderTransitions()));
      log.info("released the Lease {}/{}", namespace, name);
    } catch (KubernetesClientException e) {
      log.warn("could not release the Lease {}/{} ({}); the standby takes over once it expires", namespace, name,
          e.getMessage());
    }
  }
}
