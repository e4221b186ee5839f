package io.dbsecrets.operator.it;

import static io.dbsecrets.operator.it.RealCluster.TIMEOUT;
import static io.dbsecrets.operator.it.RealCluster.decode;
import static io.dbsecrets.operator.support.OperatorHarness.readyReason;
import static io.dbsecrets.operator.support.OperatorHarness.secret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dbsecrets.operator.KubernetesClients;
import io.dbsecrets.operator.OperatorRuntime;
import io.dbsecrets.operator.api.ExternalDbSecret;
import io.dbsecrets.operator.api.RolloutTarget;
import io.dbsecrets.operator.api.WorkloadKind;
import io.dbsecrets.operator.kube.ShardKey;
import io.dbsecrets.operator.rollout.RestartMarker;
import io.dbsecrets.operator.support.AwsProxy;
import io.dbsecrets.operator.support.MotoServer;
import io.dbsecrets.operator.support.OperatorHarness;
import io.dbsecrets.operator.support.WorkloadFixtures;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Sharding on a real API server: operator instances each given a shard ({@code DBSECRETS_SHARDS},
 * {@code DBSECRETS_SHARD}) and each reading AWS through a proxy of its own, so the proxies tell which shard read
 * which secret. Every resource reads its own AWS secret.
 */
@ExtendWith(KubeControlPlaneExtension.class)
class ShardingIT {
  private static final int RESOURCES = 20;
  /** Resources db-0 .. db-5 restart a Deployment each, so resharding can show it restarts none. */
  private static final int WITH_WORKLOAD = 6;
  private static final String JSON = "{\"username\":\"app\",\"password\":\"%s\"}";
  private final List<AwsProxy> proxies = new ArrayList<>();
  private final Map<Integer, Instance> running = new HashMap<>();
  private KubeControlPlane kube;
  private MotoServer moto;
  private String namespace;

  private record Instance(OperatorRuntime runtime, KubernetesClient client) {}

  @AfterEach
  void stop() {
    running.keySet().stream().toList().forEach(this::stopShard);
    proxies.forEach(AwsProxy::close);
  }

  @Test
  void eachResourceIsServedByTheShardOfItsBucketAFailedShardStallsOnlyItsOwnAndReshardingRewritesNothing(
      KubeControlPlane kube, KubernetesClient admin) {
    this.kube = kube;
    RealCluster.installCrd(admin);
    RealCluster.ensureNamespace(admin, RealCluster.OPERATOR_NAMESPACE);
    namespace = RealCluster.newNamespace(admin, "shard-it");
    moto = MotoServer.shared();
    moto.reset();
    for (int i = 0; i < 3; i++) {
      proxies.add(AwsProxy.in(moto.endpoint()));
    }
    WorkloadFixtures workloads = new WorkloadFixtures(admin, namespace);
    for (int i = 0; i < RESOURCES; i++) {
      String name = "db-" + i;
      moto.createSecret(secretId(name), JSON.formatted("first"));
      if (i < WITH_WORKLOAD) {
        workloads.deployment("app-" + i, WorkloadFixtures.envFrom(name));
      }
    }
    startShards(2);
    for (int i = 0; i < RESOURCES; i++) {
      int n = i;
      RealCluster.create(admin, namespace, "db-" + i, spec -> {
        spec.setSecretId(secretId("db-" + n));
        spec.setRefreshInterval("3s");
        if (n < WITH_WORKLOAD) {
          spec.getRollout().setTargets(List.of(new RolloutTarget(WorkloadKind.Deployment, "app-" + n)));
        }
      });
    }

    everyResourceReadyAndReadByTheShardOfItsBucketOnly(admin);
    aStoppedShardStallsOnlyItsOwnResourcesAndCatchesUpWhenItIsBack(admin);
    reshardingToThreeServesEveryResourceWithoutRewritingASecretOrRestartingAWorkload(admin);
  }

  /** (a) the operator labels each resource with its bucket, and only the shard that owns the bucket reads it. */
  private void everyResourceReadyAndReadByTheShardOfItsBucketOnly(KubernetesClient admin) {
    await().atMost(TIMEOUT).until(() -> names().allMatch(n -> "True/Synced".equals(readyReason(admin, namespace, n))));
    for (String name : names().toList()) {
      ExternalDbSecret resource = RealCluster.get(admin, namespace, name);
      assertThat(resource.getMetadata().getLabels()).as(name)
          .containsEntry(ShardKey.LABEL, Integer.toString(ShardKey.bucket(namespace, name)));
      assertThat(readers(name, 0)).as("shards that read %s", name).containsExactly(bucket(name) % 2);
    }
    assertThat(names().filter(n -> bucket(n) % 2 == 1).count()).as("both shards serve resources")
        .isBetween(1L, RESOURCES - 1L);
    for (int shard = 0; shard < 2; shard++) {
      int s = shard;
      var managed = running.get(shard).runtime().metrics().registry().get("dbsecrets_managed_resources").gauge();
      assertThat(managed.getId().getTag("shard")).isEqualTo(Integer.toString(shard));
      assertThat((long) managed.value()).as("dbsecrets_managed_resources of shard %d", shard)
          .isEqualTo(names().filter(n -> bucket(n) % 2 == s).count());
    }
  }

  /** (b) with shard 1 stopped, a rotation reaches shard 0's resources only; shard 1 catches up when it is back. */
  private void aStoppedShardStallsOnlyItsOwnResourcesAndCatchesUpWhenItIsBack(KubernetesClient admin) {
    List<String> ofShard1 = names().filter(n -> bucket(n) % 2 == 1).toList();
    List<String> ofShard0 = names().filter(n -> bucket(n) % 2 == 0).toList();
    Map<String, String> versionsOfShard1 = ofShard1.stream()
        .collect(Collectors.toMap(n -> n, n -> RealCluster.get(admin, namespace, n).getStatus().getSyncedVersionId()));
    stopShard(1);
    names().forEach(n -> moto.putSecret(secretId(n), JSON.formatted("second")));

    await().atMost(TIMEOUT).until(() -> ofShard0.stream().allMatch(n -> password(admin, n).equals("second")));
    // every refresh shard 1 had promised is due by now: had anyone served its resources, they would have changed
    Instant lastPromised = ofShard1.stream()
        .map(n -> Instant.parse(RealCluster.get(admin, namespace, n).getStatus().getNextRefreshTime()))
        .max(Instant::compareTo).orElseThrow();
    await().atMost(TIMEOUT).until(() -> Instant.now().isAfter(lastPromised.plusSeconds(1)));
    for (String name : ofShard1) {
      assertThat(password(admin, name)).as(name).isEqualTo("first");
      assertThat(RealCluster.get(admin, namespace, name).getStatus().getSyncedVersionId()).as(name)
          .isEqualTo(versionsOfShard1.get(name));
      assertThat(readers(name, 0)).as("shards that read %s", name).containsExactly(1);
    }

    startShard(2, 1);
    await().atMost(TIMEOUT).until(() -> ofShard1.stream().allMatch(n -> password(admin, n).equals("second")));
  }

  /**
   * (c) three shards instead of two: the buckets stay, each resource moves to the shard of bucket mod 3 and is
   * refreshed there, and neither its Secret nor its workload is touched, as the data did not change.
   */
  private void reshardingToThreeServesEveryResourceWithoutRewritingASecretOrRestartingAWorkload(
      KubernetesClient admin) {
    // the rotation's restarts are made before the snapshot
    await().atMost(TIMEOUT).until(() -> IntStream.range(0, WITH_WORKLOAD).mapToObj(i -> "db-" + i)
        .map(n -> RealCluster.get(admin, namespace, n).getStatus())
        .allMatch(s -> s.getDataHash() != null && s.getDataHash().equals(s.getRolloutDataHash())));
    Map<String, String> secretVersions = secretVersions(admin);
    Map<String, Map<String, String>> restartAnnotations = restartAnnotations(admin);
    assertThat(restartAnnotations.values()).as("the rotation restarted every workload")
        .allSatisfy(a -> assertThat(a).containsKey(RestartMarker.MARKER_ANNOTATION));
    List<Integer> readsBefore = proxies.stream().map(p -> p.requests().size()).toList();
    stopShard(0);
    stopShard(1);
    Instant resharded = Instant.now();

    startShards(3);
    await().atMost(TIMEOUT).until(() -> names().allMatch(n -> syncedAfter(admin, n, resharded)
        && readersSince(n, readsBefore).contains(bucket(n) % 3)));
    for (String name : names().toList()) {
      assertThat(readersSince(name, readsBefore)).as("shards that read %s after resharding", name)
          .containsExactly(bucket(name) % 3);
      assertThat(readyReason(admin, namespace, name)).isEqualTo("True/Synced");
      assertThat(RealCluster.get(admin, namespace, name).getMetadata().getLabels())
          .as("the bucket label is never rewritten").containsEntry(ShardKey.LABEL, Integer.toString(bucket(name)));
    }
    assertThat(secretVersions(admin)).as("resourceVersion of each managed Secret").isEqualTo(secretVersions);
    assertThat(restartAnnotations(admin)).as("pod template annotations of each workload")
        .isEqualTo(restartAnnotations);
  }

  private void startShards(int count) {
    for (int i = 0; i < count; i++) {
      startShard(count, i);
    }
  }

  private void startShard(int count, int index) {
    KubernetesClient client = KubernetesClients.forOperator(kube.adminConfig());
    Map<String, String> env = new HashMap<>(RealCluster.watching(namespace));
    env.put("DBSECRETS_AWS_ENDPOINT", proxies.get(index).endpoint().toString());
    env.put("DBSECRETS_SHARDS", Integer.toString(count));
    env.put("DBSECRETS_SHARD", Integer.toString(index));
    env.put("DBSECRETS_ROLLOUT_WINDOW", "0");
    running.put(index, new Instance(OperatorHarness.start(client, OperatorHarness.config(moto, env)), client));
  }

  private void stopShard(int index) {
    Instance instance = running.remove(index);
    if (instance != null) {
      instance.runtime().close();
      instance.client().close();
    }
  }

  private String secretId(String name) {
    return namespace + "/" + name;
  }

  private int bucket(String name) {
    return ShardKey.bucket(namespace, name);
  }

  private static java.util.stream.Stream<String> names() {
    return IntStream.range(0, RESOURCES).mapToObj(i -> "db-" + i);
  }

  /** The shards whose proxy was asked for the secret of {@code name}, counting each proxy's requests from the start. */
  private Set<Integer> readers(String name, int from) {
    return readersSince(name, List.of(from, from, from));
  }

  private Set<Integer> readersSince(String name, List<Integer> from) {
    String quoted = "\"" + secretId(name) + "\"";
    Predicate<AwsProxy.Recorded> reads = r -> (r.api().equals("BatchGetSecretValue")
        || r.api().equals("GetSecretValue")) && r.body().contains(quoted);
    return IntStream.range(0, proxies.size())
        .filter(i -> {
          List<AwsProxy.Recorded> requests = proxies.get(i).requests();
          return requests.subList(Math.min(from.get(i), requests.size()), requests.size()).stream().anyMatch(reads);
        })
        .boxed().collect(Collectors.toCollection(java.util.TreeSet::new));
  }

  private boolean syncedAfter(KubernetesClient admin, String name, Instant when) {
    ExternalDbSecret resource = RealCluster.get(admin, namespace, name);
    return resource.getStatus() != null && resource.getStatus().getLastSyncTime() != null
        && Instant.parse(resource.getStatus().getLastSyncTime()).isAfter(when);
  }

  private String password(KubernetesClient admin, String name) {
    return String.valueOf(decode(secret(admin, namespace, name), "password"));
  }

  private Map<String, String> secretVersions(KubernetesClient admin) {
    return names().collect(Collectors.toMap(n -> n, n -> secret(admin, namespace, n).getMetadata()
        .getResourceVersion(), (a, b) -> a, TreeMap::new));
  }

  private Map<String, Map<String, String>> restartAnnotations(KubernetesClient admin) {
    return IntStream.range(0, WITH_WORKLOAD).mapToObj(i -> "app-" + i).collect(Collectors.toMap(n -> n, n -> {
      Map<String, String> annotations = admin.apps().deployments().inNamespace(namespace).withName(n).get()
          .getSpec().getTemplate().getMetadata().getAnnotations();
      return annotations == null ? Map.of() : Map.copyOf(annotations);
    }, (a, b) -> a, TreeMap::new));
  }
}
