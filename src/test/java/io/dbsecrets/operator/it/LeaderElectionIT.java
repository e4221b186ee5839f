package io.dbsecrets.operator.it;

import static io.dbsecrets.operator.it.RealCluster.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dbsecrets.operator.support.MotoServer;
import io.dbsecrets.operator.support.OperatorHarness;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two replicas of the operator, run from the shipped jar as the chart runs them: one holds the Lease and syncs,
 * the other waits; when the leader stops, the other takes over and syncs what comes next.
 */
@ExtendWith(KubeControlPlaneExtension.class)
class LeaderElectionIT {
  private static final Path JAR = Path.of("target", "externaldbsecret-operator-0.1.0-SNAPSHOT.jar");
  private static final String LEASE = "externaldbsecret-operator";
  /** terminationGracePeriodSeconds in the chart's values. */
  private static final Duration GRACE_PERIOD = Duration.ofSeconds(30);
  private static final Duration TAKEOVER = Duration.ofSeconds(6);
  private final List<Replica> replicas = new ArrayList<>();
  private MotoServer moto;

  private record Replica(String name, Process process, int httpPort) {}

  @AfterEach
  void stop() throws InterruptedException {
    for (Replica replica : replicas) {
      replica.process().destroy();
      if (!replica.process().waitFor(30, TimeUnit.SECONDS)) {
        replica.process().destroyForcibly();
      }
    }
  }

  @Test
  void onlyTheLeaderSyncsAndOnSigtermItExitsAndTheOtherReplicaTakesOverAtOnce(KubeControlPlane kube, KubernetesClient admin)
      throws IOException, InterruptedException {
    assertThat(JAR).as("the shaded jar (mvn package runs before the ITs)").exists();
    RealCluster.installCrd(admin);
    String namespace = RealCluster.newNamespace(admin, "leader");
    moto = MotoServer.shared();
    moto.reset();
    moto.createSecret(namespace + "/db", "{\"password\":\"one\"}");
    replicas.add(start(kube, "replica-a", namespace));
    replicas.add(start(kube, "replica-b", namespace));

    await().atMost(TIMEOUT).until(() -> holder(admin, namespace) != null);
    String leaderName = holder(admin, namespace);
    Replica leader = replicas.stream().filter(r -> r.name().equals(leaderName)).findFirst().orElseThrow();
    Replica standby = replicas.stream().filter(r -> r != leader).findFirst().orElseThrow();

    await().atMost(TIMEOUT).until(() -> leaderGauge(leader) == 1);
    assertThat(leaderGauge(standby)).as("dbsecrets_leader of the standby").isZero();

    RealCluster.create(admin, namespace, "first", spec -> spec.setSecretId(namespace + "/db"));
    await().atMost(TIMEOUT).until(() -> OperatorHarness.secret(admin, namespace, "first") != null);
    assertThat(reconciles(leader)).isPositive();
    assertThat(reconciles(standby)).as("the standby replica reconciles nothing").isZero();

    leader.process().destroy();
    assertThat(leader.process().waitFor(GRACE_PERIOD.toSeconds(), TimeUnit.SECONDS))
        .as("the leader exits on SIGTERM within the chart's termination grace period").isTrue();
    // the Lease was handed over: the standby need not wait out its 15 s (it retries every 2 s, with jitter)
    await().atMost(TAKEOVER).until(() -> standby.name().equals(holder(admin, namespace)));
    RealCluster.create(admin, namespace, "second", spec -> spec.setSecretId(namespace + "/db"));
    await().atMost(TIMEOUT).until(() -> OperatorHarness.secret(admin, namespace, "second") != null);
    assertThat(reconciles(standby)).isPositive();
    assertThat(leaderGauge(standby)).isEqualTo(1);
  }

  /** dbsecrets_leader of the replica, which the leader-missing alert sums over replicas. */
  private static double leaderGauge(Replica replica) throws IOException {
    return metrics(replica).lines().filter(l -> l.startsWith("dbsecrets_leader "))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElseThrow();
  }

  private Replica start(KubeControlPlane kube, String name, String namespace) throws IOException {
    int port = freePort();
    Map<String, String> env = new HashMap<>(OperatorHarness.config(moto, Map.of(
        "DBSECRETS_WATCH_NAMESPACES", namespace,
        "DBSECRETS_OPERATOR_NAMESPACE", namespace,
        "DBSECRETS_LEADER_ELECTION", "true",
        "DBSECRETS_HTTP_PORT", String.valueOf(port),
        "DBSECRETS_LOG_FORMAT", "text")));
    env.put("KUBECONFIG", kube.kubeconfig().toString());
    env.put("HOSTNAME", name);
    File log = Files.createTempFile("operator-" + name + "-", ".log").toFile();
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-jar", JAR.toString()).redirectErrorStream(true).redirectOutput(log);
    builder.environment().putAll(env);
    Replica replica = new Replica(name, builder.start(), port);
    await().atMost(TIMEOUT).ignoreExceptions().until(() -> metrics(replica) != null);
    return replica;
  }

  private static String holder(KubernetesClient admin, String namespace) {
    Lease lease = admin.leases().inNamespace(namespace).withName(LEASE).get();
    return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
  }

  /** Reconciles the replica ran, read from its own /metrics. */
  private static double reconciles(Replica replica) throws IOException {
    return metrics(replica).lines().filter(l -> l.startsWith("dbsecrets_reconciles_total{"))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
  }

  private static String metrics(Replica replica) throws IOException {
    try {
      return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + replica.httpPort() + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
