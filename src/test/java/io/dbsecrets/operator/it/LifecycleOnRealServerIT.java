package io.dbsecrets.operator.it;

import static io.dbsecrets.operator.it.RealCluster.TIMEOUT;
import static io.dbsecrets.operator.it.RealCluster.decode;
import static io.dbsecrets.operator.support.OperatorHarness.readyReason;
import static io.dbsecrets.operator.support.OperatorHarness.secret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dbsecrets.operator.api.CreationPolicy;
import io.dbsecrets.operator.api.DeletionPolicy;
import io.dbsecrets.operator.api.ExternalDbSecret;
import io.dbsecrets.operator.kube.ManagedSecrets;
import io.dbsecrets.operator.support.AwsProxy;
import io.dbsecrets.operator.support.Edbs;
import io.dbsecrets.operator.support.MotoServer;
import io.dbsecrets.operator.support.OffsetClock;
import io.dbsecrets.operator.support.OperatorExtension;
import io.dbsecrets.operator.support.OperatorHarness;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The lifecycle of a synced secret as AWS really behaves, against a real kube-apiserver, with moto behind a proxy
 * that records every AWS request (the wire) and can answer with injected faults: the refresh cadence, scheduled and
 * forced deletion in AWS and restore, a transient not-found, renaming the target, and a conflicting Secret that
 * goes away.
 */
@ExtendWith(KubeControlPlaneExtension.class)
class LifecycleOnRealServerIT {
  private static final String JSON = "{\"username\":\"app\",\"password\":\"first\"}";
  /** A deletion is confirmed by a second answer 30 s after the first: allow for that plus a loaded machine. */
  private static final Duration DELETION_TIMEOUT = Duration.ofSeconds(90);
  /** The operator's clock: real time, moved past the 30 s confirmation instead of waiting it out. */
  private static final OffsetClock CLOCK = new OffsetClock();

  private static final AwsProxy proxy = AwsProxy.in(MotoServer.shared().endpoint());
  @RegisterExtension
  static final OperatorExtension env = RealCluster.operator("lifecycle-it")
      .settings(Map.of("DBSECRETS_AWS_ENDPOINT", proxy.endpoint().toString())).clock(CLOCK);
  private static MotoServer moto;
  private static String namespace;

  @BeforeAll
  static void names() {
    moto = env.moto();
    namespace = env.namespace();
  }

  @AfterAll
  static void stopProxy() {
    proxy.close();
  }

  @Test
  void everyRefreshIntervalGetsOneReadAtTheWire(KubernetesClient admin) {
    // 15 s is above the 10 s coalesce window, which once made every other refresh of intervals under it a no-read
    Map<String, Duration> intervals = Map.of("cadence-5s", Duration.ofSeconds(5), "cadence-10s",
        Duration.ofSeconds(10), "cadence-15s", Duration.ofSeconds(15));
    intervals.forEach((name, interval) -> {
      moto.createSecret(namespace + "/" + name, JSON);
      RealCluster.create(admin, namespace, name, spec -> {
        spec.setSecretId(namespace + "/" + name);
        spec.setRefreshInterval(interval.toSeconds() + "s");
      });
    });

    // three gaps at 15 s; the others see more in the same time
    await().atMost(Duration.ofSeconds(120)).until(() -> reads(namespace + "/cadence-15s").size() >= 4);

    // The first refresh waits for the secret's phase in the cycle, half to one and a half intervals after the
    // creation's read; every later one is due exactly one interval after the one before. A read starts late when
    // the machine is loaded, which moves one gap and the next in opposite directions: each gap gets a slack for
    // that, their mean almost none. Skipping a read (the defect) makes a gap of two intervals, outside both.
    Duration slack = Duration.ofSeconds(3);
    intervals.forEach((name, interval) -> {
      List<Instant> reads = reads(namespace + "/" + name);
      assertThat(reads).as(name).hasSizeGreaterThanOrEqualTo(4);
      assertThat(Duration.between(reads.get(0), reads.get(1))).as("%s: first refresh of %s", name, reads)
          .isBetween(interval.dividedBy(2).minus(slack), interval.multipliedBy(3).dividedBy(2).plus(slack));
      for (int i = 2; i < reads.size(); i++) {
        assertThat(Duration.between(reads.get(i - 1), reads.get(i))).as("%s: gap %d of %s", name, i, reads)
            .isBetween(interval.minus(slack), interval.plus(slack));
      }
      Duration mean = Duration.between(reads.get(1), reads.get(reads.size() - 1)).dividedBy(reads.size() - 2);
      assertThat(mean).as("%s: mean gap of %s", name, reads).isBetween(interval.minusMillis(500),
          interval.plusMillis(500));
    });
    intervals.keySet().forEach(name ->
        admin.resources(ExternalDbSecret.class).inNamespace(namespace).withName(name).delete());
  }

  @Test
  void scheduledDeletionIsSecretDeletedRetainKeepsDeleteRemovesAndRestoreResyncs(KubernetesClient admin) {
    for (String name : List.of("scheduled-retain", "scheduled-delete")) {
      moto.createSecret(namespace + "/" + name, JSON);
      RealCluster.create(admin, namespace, name, spec -> {
        spec.setSecretId(namespace + "/" + name);
        spec.setRefreshInterval("2s");
        spec.getTarget().setDeletionPolicy(name.endsWith("delete") ? DeletionPolicy.Delete : DeletionPolicy.Retain);
      });
    }
    await().atMost(TIMEOUT).until(() -> secret(admin, namespace, "scheduled-retain") != null
        && secret(admin, namespace, "scheduled-delete") != null);
    Secret retained = secret(admin, namespace, "scheduled-retain");

    for (String name : List.of("scheduled-retain", "scheduled-delete")) {
      moto.admin().deleteSecret(b -> b.secretId(namespace + "/" + name).recoveryWindowInDays(7L));
    }
    Instant deletionDate = moto.admin().describeSecret(b -> b.secretId(namespace + "/scheduled-retain"))
        .deletedDate();

    await().atMost(TIMEOUT).until(() -> "False/SecretDeleted".equals(readyReason(admin, namespace,
        "scheduled-retain")) && "False/SecretDeleted".equals(readyReason(admin, namespace, "scheduled-delete")));
    assertThat(readyMessage(admin, "scheduled-retain")).contains("scheduled for deletion on " + deletionDate,
        "restore-secret", "Secret 'scheduled-retain' is kept (deletionPolicy Retain)");
    assertThat(secret(admin, namespace, "scheduled-delete")).as("not deleted on the first answer").isNotNull();

    // 30 s later on the operator's clock, AWS says the same: now the Secret goes
    CLOCK.skip(Duration.ofSeconds(30));
    new Edbs(admin, namespace).forceSync("scheduled-delete", "confirm");
    await().atMost(DELETION_TIMEOUT).until(() -> secret(admin, namespace, "scheduled-delete") == null);
    assertThat(readyReason(admin, namespace, "scheduled-delete")).isEqualTo("False/SecretDeleted");
    Secret stillThere = secret(admin, namespace, "scheduled-retain");
    assertThat(stillThere.getMetadata().getUid()).isEqualTo(retained.getMetadata().getUid());
    assertThat(stillThere.getData()).isEqualTo(retained.getData());

    for (String name : List.of("scheduled-retain", "scheduled-delete")) {
      moto.admin().restoreSecret(b -> b.secretId(namespace + "/" + name));
    }

    await().atMost(DELETION_TIMEOUT).until(() -> "True/Synced".equals(readyReason(admin, namespace,
        "scheduled-retain")) && "True/Synced".equals(readyReason(admin, namespace, "scheduled-delete")));
    assertThat(decode(secret(admin, namespace, "scheduled-delete"), "password")).isEqualTo("first");
    assertThat(RealCluster.get(admin, namespace, "scheduled-delete").getStatus().getSecretGoneSince()).isNull();
  }

  @Test
  void forceDeletedSecretIsSecretDeletedOnceConfirmed(KubernetesClient admin) {
    moto.createSecret(namespace + "/forced", JSON);
    RealCluster.create(admin, namespace, "forced", spec -> {
      spec.setSecretId(namespace + "/forced");
      spec.setRefreshInterval("2s");
      spec.getTarget().setDeletionPolicy(DeletionPolicy.Delete);
    });
    await().atMost(TIMEOUT).until(() -> secret(admin, namespace, "forced") != null);

    moto.admin().deleteSecret(b -> b.secretId(namespace + "/forced").forceDeleteWithoutRecovery(true));

    await().atMost(TIMEOUT).until(() -> "False/SecretNotFound".equals(readyReason(admin, namespace, "forced")));
    assertThat(secret(admin, namespace, "forced")).isNotNull();
    // asked again within the 30 s, the answer confirms nothing; 30 s later on the operator's clock, it does
    new Edbs(admin, namespace).forceSync("forced", "too-soon");
    await().atMost(TIMEOUT).until(() -> "too-soon".equals(RealCluster.get(admin, namespace, "forced").getStatus()
        .getForceSyncHandled()));
    assertThat(readyReason(admin, namespace, "forced")).isEqualTo("False/SecretNotFound");
    assertThat(secret(admin, namespace, "forced")).isNotNull();
    CLOCK.skip(Duration.ofSeconds(30));
    new Edbs(admin, namespace).forceSync("forced", "confirm");
    await().atMost(DELETION_TIMEOUT).until(() -> "False/SecretDeleted".equals(readyReason(admin, namespace,
        "forced")));
    await().atMost(TIMEOUT).until(() -> secret(admin, namespace, "forced") == null);
  }

  @Test
  void aTransientNotFoundNeverDeletesTheSecret(KubernetesClient admin) {
    moto.createSecret(namespace + "/flaky", JSON);
    RealCluster.create(admin, namespace, "flaky", spec -> {
      spec.setSecretId(namespace + "/flaky");
      spec.setRefreshInterval("2s");
      spec.getTarget().setDeletionPolicy(DeletionPolicy.Delete);
    });
    await().atMost(TIMEOUT).until(() -> "True/Synced".equals(readyReason(admin, namespace, "flaky")));
    Secret before = secret(admin, namespace, "flaky");

    // every read, and DescribeSecret too, says not found for a while (a wrong region, an eventually consistent read)
    String notFound = "Secrets Manager can't find the specified secret.";
    for (String api : List.of("GetSecretValue", "BatchGetSecretValue", "DescribeSecret")) {
      proxy.fail(api, 400, "ResourceNotFoundException", notFound);
    }
    try {
      await().atMost(TIMEOUT).until(() -> "False/SecretNotFound".equals(readyReason(admin, namespace, "flaky")));
    } finally {
      proxy.heal();
    }

    await().atMost(DELETION_TIMEOUT).until(() -> "True/Synced".equals(readyReason(admin, namespace, "flaky")));
    Secret after = secret(admin, namespace, "flaky");
    assertThat(after.getMetadata().getUid()).as("never deleted and recreated").isEqualTo(before.getMetadata().getUid());
    assertThat(after.getData()).isEqualTo(before.getData());
  }

  @Test
  void renamingTheTargetDeletesTheOwnedOldSecretAndReleasesOrphanAndMergeOnes(KubernetesClient admin) {
    moto.createSecret(namespace + "/renamed", JSON);
    admin.secrets().inNamespace(namespace).resource(new SecretBuilder().withNewMetadata().withName("merge-old")
        .addToLabels("team", "payments").endMetadata().addToData("OTHER", encode("keep")).build()).create();
    Map<String, CreationPolicy> policies = Map.of("owner", CreationPolicy.Owner, "orphan", CreationPolicy.Orphan,
        "merge", CreationPolicy.Merge);
    policies.forEach((name, policy) -> RealCluster.create(admin, namespace, name, spec -> {
      spec.setSecretId(namespace + "/renamed");
      spec.getTarget().setName(name + "-old");
      spec.getTarget().setCreationPolicy(policy);
    }));
    await().atMost(TIMEOUT).until(() -> policies.keySet().stream().allMatch(name ->
        "True/Synced".equals(readyReason(admin, namespace, name))));
    assertThat(decode(secret(admin, namespace, "merge-old"), "password")).isEqualTo("first");

    Edbs edbs = new Edbs(admin, namespace);
    policies.keySet().forEach(name -> edbs.editSpec(name, spec -> spec.getTarget().setName(name + "-new")));

    await().atMost(TIMEOUT).until(() -> policies.keySet().stream().allMatch(name ->
        secret(admin, namespace, name + "-new") != null));
    await().atMost(TIMEOUT).until(() -> secret(admin, namespace, "owner-old") == null);
    await().atMost(TIMEOUT).untilAsserted(() -> {
      for (String name : List.of("orphan-old", "merge-old")) {
        Secret old = secret(admin, namespace, name);
        assertThat(old).as(name).isNotNull();
        assertThat(old.getMetadata().getLabels()).as(name).doesNotContainKey(ManagedSecrets.MANAGED_BY_LABEL);
        assertThat(old.getMetadata().getAnnotations()).as(name).doesNotContainKeys(ManagedSecrets.SOURCE_ANNOTATION,
            ManagedSecrets.KEYS_ANNOTATION);
        assertThat(old.getData() == null ? Map.of() : old.getData()).as(name)
            .doesNotContainKeys("username", "password");
      }
    });
    Secret mergeOld = secret(admin, namespace, "merge-old");
    assertThat(mergeOld.getData()).containsOnlyKeys("OTHER");
    assertThat(mergeOld.getMetadata().getLabels()).containsEntry("team", "payments");
    assertThat(decode(secret(admin, namespace, "owner-new"), "password")).isEqualTo("first");
  }

  @Test
  void aConflictingSecretThatIsDeletedIsReplacedPromptly(KubernetesClient admin) {
    // saved by an editor that writes a UTF-8 byte-order mark: still a JSON secret, one key per field
    moto.createSecret(namespace + "/conflict", "\uFEFF" + JSON);
    admin.secrets().inNamespace(namespace).resource(new SecretBuilder().withNewMetadata().withName("taken")
        .endMetadata().addToData("OTHER", encode("theirs")).build()).create();
    RealCluster.create(admin, namespace, "conflict", spec -> {
      spec.setSecretId(namespace + "/conflict");
      spec.getTarget().setName("taken");
    });
    await().atMost(TIMEOUT).until(() -> "False/TargetConflict".equals(readyReason(admin, namespace, "conflict")));

    admin.secrets().inNamespace(namespace).withName("taken").delete();

    // the first failure backoff alone is 30 s; the recheck comes every 10 s
    await().atMost(Duration.ofSeconds(22)).until(() -> "first".equals(decode(secret(admin, namespace, "taken"),
        "password")));
    assertThat(secret(admin, namespace, "taken").getData()).containsOnlyKeys("username", "password");
    await().atMost(TIMEOUT).until(() -> "True/Synced".equals(readyReason(admin, namespace, "conflict")));
  }

  /** When the wire saw a read of this secret, single or batched. */
  private static List<Instant> reads(String secretId) {
    List<Instant> at = new ArrayList<>();
    for (AwsProxy.Recorded r : proxy.requests()) {
      if ((r.api().equals("GetSecretValue") || r.api().equals("BatchGetSecretValue"))
          && r.body().contains("\"" + secretId + "\"")) {
        at.add(r.at());
      }
    }
    return at;
  }

  private static String readyMessage(KubernetesClient admin, String name) {
    return OperatorHarness.ready(RealCluster.get(admin, namespace, name)).orElseThrow().getMessage();
  }

  private static String encode(String value) {
    return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }
}
