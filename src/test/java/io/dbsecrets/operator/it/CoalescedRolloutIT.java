package io.dbsecrets.operator.it;

import static io.dbsecrets.operator.it.RealCluster.TIMEOUT;
import static io.dbsecrets.operator.support.OperatorHarness.readyReason;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dbsecrets.operator.api.ExternalDbSecret;
import io.dbsecrets.operator.api.RolloutTarget;
import io.dbsecrets.operator.api.WorkloadKind;
import io.dbsecrets.operator.aws.AwsIdentity;
import io.dbsecrets.operator.aws.SecretRequest;
import io.dbsecrets.operator.kube.Conditions;
import io.dbsecrets.operator.reconcile.RefreshSchedule;
import io.dbsecrets.operator.support.AwsProxy;
import io.dbsecrets.operator.support.MotoServer;
import io.dbsecrets.operator.support.OperatorExtension;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.Counter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two ExternalDbSecrets feeding one Deployment, rotated together but read seconds apart, on a real
 * control plane whose Deployment controller turns each restart into a ReplicaSet: one restart, not one per read.
 * AWS is moto behind a proxy that records each read.
 */
@ExtendWith(KubeControlPlaneExtension.class)
class CoalescedRolloutIT {
  private static final String APP = "api";
  private static final Duration INTERVAL = Duration.ofSeconds(15);
  /**
   * Reads this far apart put the second resource's own read after the first one's restart (the restart window is
   * 5 s): without reading it first, the Deployment would be restarted twice.
   */
  private static final Duration READS_APART = Duration.ofSeconds(7);
  /**
   * How long before a read the rotation must happen for the read to see it: a batch leaving for another secret
   * reads ahead for the secrets due within the read-ahead horizon, and the refresh takes that answer.
   */
  private static final Duration ROTATED_BEFORE_READ = RefreshSchedule.readAheadHorizon(INTERVAL).plusSeconds(1);

  private static final AwsProxy proxy = AwsProxy.in(MotoServer.shared().endpoint());
  @RegisterExtension
  static final OperatorExtension env = RealCluster.operator("coalesce-it")
      .settings(Map.of("DBSECRETS_AWS_ENDPOINT", proxy.endpoint().toString()));
  private static MotoServer moto;
  private static String namespace;

  /**
   * The secret b reads: its phase in the 15 s refresh cycle 7 to 8 s after a's secret's, so that b's read comes 7 s
   * after a's, and a's 7 to 8 s after b's, long enough to rotate both well before a's read.
   */
  private static String secretB;

  @BeforeAll
  static void names() {
    moto = env.moto();
    namespace = env.namespace();
    secretB = IntStream.range(0, 1000).mapToObj(i -> namespace + "/b-" + i)
        .filter(id -> Math.floorMod(phase(id) - phase(namespace + "/a"), INTERVAL.toMillis()) / 1000 == 7)
        .findFirst().orElseThrow();
  }

  /** When in the refresh cycle the operator reads this secret (RefreshSchedule's phase). */
  private static long phase(String secretId) {
    Instant t0 = Instant.EPOCH;
    String key = new SecretRequest(secretId, MotoServer.REGION, null, null, AwsIdentity.operator()).fetchKey()
        .toString();
    return RefreshSchedule.nextRefresh(t0, t0, INTERVAL, key).orElseThrow().toEpochMilli() % INTERVAL.toMillis();
  }

  @AfterAll
  static void stopProxy() {
    proxy.close();
  }

  @Test
  void secretsRotatedTogetherButReadSecondsApartRestartTheDeploymentOnce(KubernetesClient admin) {
    moto.createSecret(secretId("a"), "{\"A_PASSWORD\":\"a-first\"}");
    moto.createSecret(secretId("b"), "{\"B_PASSWORD\":\"b-first\"}");
    admin.apps().deployments().inNamespace(namespace).resource(deploymentReading(APP, "a", "b")).create();
    await().atMost(TIMEOUT).until(() -> replicaSets(admin) == 1);

    // b's secret is read 7 to 8 s after a's in every cycle (their phases), however far apart the two were created
    create(admin, "a");
    create(admin, "b");
    await().atMost(TIMEOUT).until(() -> "True/Synced".equals(readyReason(admin, namespace, "a"))
        && "True/Synced".equals(readyReason(admin, namespace, "b")));

    // wait for the moment right after one resource's refresh, when the other is read next and long before it
    await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(50))
        .until(() -> readNextOf(admin) != null);
    String first = readNextOf(admin);
    String second = first.equals("a") ? "b" : "a";
    Instant secondReadsAt = nextRefresh(admin, second);
    double rolloutSyncs = syncs("ROLLOUT");
    Instant rotated = Instant.now();
    moto.putSecret(secretId(second), "{\"" + key(second) + "\":\"" + second + "-second\"}");
    moto.putSecret(secretId(first), "{\"" + key(first) + "\":\"" + first + "-second\"}");
    assertThat(Duration.between(rotated, Instant.now())).isLessThan(Duration.ofSeconds(1));

    await().atMost(TIMEOUT).until(() -> "a-second".equals(secretValue(admin, "a"))
        && "b-second".equals(secretValue(admin, "b")));
    await().atMost(TIMEOUT).until(() -> rolledOut(admin, "a") && rolledOut(admin, "b"));
    // each resource refreshes twice more, past the time the second one would have restarted on its own
    awaitRefreshes(admin, "a", 2);
    awaitRefreshes(admin, "b", 2);

    assertThat(replicaSets(admin)).isEqualTo(2);
    assertThat(revision(admin)).isEqualTo("2");
    assertThat(restartMarker(admin)).contains("a:").contains("b:");

    // the second resource was read at the first one's request, before its own refresh, in one batched read
    List<AwsProxy.Recorded> reads = proxy.requests().stream().filter(r -> r.at().isAfter(rotated)).toList();
    assertThat(reads).noneMatch(r -> r.api().equals("GetSecretValue"));
    Instant firstRead = reads.stream().filter(r -> names(r, first)).findFirst().orElseThrow().at();
    // (from the read-ahead horizon before its own refresh on, a batch may read it ahead for that refresh)
    Instant ownReadAhead = secondReadsAt.minus(RefreshSchedule.readAheadHorizon(INTERVAL));
    assertThat(reads.stream().filter(r -> names(r, second) && !r.at().isBefore(firstRead)
        && r.at().isBefore(ownReadAhead)).toList())
        .singleElement().satisfies(r -> assertThat(r.api()).isEqualTo("BatchGetSecretValue"));
    assertThat(syncs("ROLLOUT") - rolloutSyncs).isEqualTo(1);
  }

  @Test
  void resourcesRotatedTogetherRestartTheDeploymentOncePerRotationRoundAfterRound(KubernetesClient admin) {
    moto.createSecret(secretId("c"), "{\"C_PASSWORD\":\"c-0\"}");
    moto.createSecret(secretId("d"), "{\"D_PASSWORD\":\"d-0\"}");
    admin.apps().deployments().inNamespace(namespace).resource(deploymentReading("worker", "c", "d")).create();
    await().atMost(TIMEOUT).until(() -> replicaSets(admin, "worker") == 1);
    // created together: their first reads share a batch
    create(admin, "c", "worker");
    create(admin, "d", "worker");
    await().atMost(TIMEOUT).until(() -> "True/Synced".equals(readyReason(admin, namespace, "c"))
        && "True/Synced".equals(readyReason(admin, namespace, "d")));

    for (int round = 1; round <= 3; round++) {
      String value = "-" + round;
      moto.putSecret(secretId("c"), "{\"C_PASSWORD\":\"c" + value + "\"}");
      moto.putSecret(secretId("d"), "{\"D_PASSWORD\":\"d" + value + "\"}");
      await().atMost(TIMEOUT).until(() -> ("c" + value).equals(secretValue(admin, "c"))
          && ("d" + value).equals(secretValue(admin, "d")));
      await().atMost(TIMEOUT).until(() -> rolledOut(admin, "c") && rolledOut(admin, "d"));
      assertThat(replicaSets(admin, "worker")).as("ReplicaSets after round %d", round).isEqualTo(round + 1);
    }
    // a restart left over from the last round would come within a refresh and a restart window
    awaitRefreshes(admin, "c", 2);
    awaitRefreshes(admin, "d", 2);
    assertThat(replicaSets(admin, "worker")).isEqualTo(4);
    assertThat(revision(admin, "worker")).isEqualTo("4");
  }

  private static void create(KubernetesClient admin, String name) {
    create(admin, name, APP);
  }

  private static void create(KubernetesClient admin, String name, String app) {
    RealCluster.create(admin, namespace, name, spec -> {
      spec.setSecretId(secretId(name));
      spec.setRefreshInterval(INTERVAL.toSeconds() + "s");
      spec.getRollout().setTargets(List.of(new RolloutTarget(WorkloadKind.Deployment, app)));
    });
  }

  /**
   * The resource read next, if its read comes well after now and the other's comes {@link #READS_APART} after it;
   * else null.
   */
  private static String readNextOf(KubernetesClient admin) {
    Instant a = nextRefresh(admin, "a");
    Instant b = nextRefresh(admin, "b");
    String first = a.isBefore(b) ? "a" : "b";
    Instant early = a.isBefore(b) ? a : b;
    Instant late = a.isBefore(b) ? b : a;
    boolean apart = !Duration.between(early, late).minus(READS_APART).isNegative();
    boolean ahead = early.isAfter(Instant.now().plus(ROTATED_BEFORE_READ));
    return apart && ahead ? first : null;
  }

  private static Instant nextRefresh(KubernetesClient admin, String name) {
    return Instant.parse(edbs(admin, name).getStatus().getNextRefreshTime());
  }

  private static boolean names(AwsProxy.Recorded read, String name) {
    return (read.api().equals("GetSecretValue") || read.api().equals("BatchGetSecretValue"))
        && read.body().contains("\"" + secretId(name) + "\"");
  }

  /** Restarted for its current data, and the rollout over. */
  private static boolean rolledOut(KubernetesClient admin, String name) {
    ExternalDbSecret resource = edbs(admin, name);
    return resource.getStatus().getDataHash() != null
        && resource.getStatus().getDataHash().equals(resource.getStatus().getRolloutDataHash())
        && Conditions.find(resource.getStatus().getConditions(), Conditions.ROLLOUT_RESTART)
            .map(c -> "True".equals(c.getStatus()) && "Restarted".equals(c.getReason())).orElse(false);
  }

  private static void awaitRefreshes(KubernetesClient admin, String name, int refreshes) {
    for (int i = 0; i < refreshes; i++) {
      String before = edbs(admin, name).getStatus().getLastSyncTime();
      await().atMost(TIMEOUT).until(() -> !before.equals(edbs(admin, name).getStatus().getLastSyncTime()));
    }
  }

  private static double syncs(String trigger) {
    return env.operator().metrics().registry().find("dbsecrets_syncs_total").tag("trigger", trigger).counters()
        .stream().mapToDouble(Counter::count).sum();
  }

  private static ExternalDbSecret edbs(KubernetesClient admin, String name) {
    return RealCluster.get(admin, namespace, name);
  }

  private static String secretId(String name) {
    return name.equals("b") ? secretB : namespace + "/" + name;
  }

  private static String key(String name) {
    return name.toUpperCase() + "_PASSWORD";
  }

  private static String secretValue(KubernetesClient admin, String name) {
    return RealCluster.decode(admin.secrets().inNamespace(namespace).withName(name).get(), key(name));
  }

  /** A Deployment without replicas (its controller makes ReplicaSets all the same) reading the Secrets. */
  private static Deployment deploymentReading(String app, String... secrets) {
    DeploymentBuilder deployment = new DeploymentBuilder();
    var container = deployment.withNewMetadata().withName(app).endMetadata()
        .withNewSpec().withReplicas(0)
        .withNewSelector().addToMatchLabels("app", app).endSelector()
        .withNewTemplate()
        .withNewMetadata().addToLabels("app", app).endMetadata()
        .withNewSpec().addNewContainer().withName(app).withImage("registry.invalid/api:1");
    for (String secret : secrets) {
      container = container.addNewEnvFrom().withNewSecretRef().withName(secret).endSecretRef().endEnvFrom();
    }
    return container.endContainer().endSpec().endTemplate().endSpec().build();
  }

  private static int replicaSets(KubernetesClient admin) {
    return replicaSets(admin, APP);
  }

  private static int replicaSets(KubernetesClient admin, String app) {
    return admin.apps().replicaSets().inNamespace(namespace).withLabel("app", app).list().getItems().size();
  }

  private static String revision(KubernetesClient admin) {
    return revision(admin, APP);
  }

  private static String revision(KubernetesClient admin, String app) {
    Map<String, String> annotations = admin.apps().deployments().inNamespace(namespace).withName(app).get()
        .getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get("deployment.kubernetes.io/revision");
  }

  private static String restartMarker(KubernetesClient admin) {
    Map<String, String> annotations = admin.apps().deployments().inNamespace(namespace).withName(APP).get()
        .getSpec().getTemplate().getMetadata().getAnnotations();
    return annotations == null ? "" : annotations.getOrDefault("dbsecrets.io/restart-marker", "");
  }
}
