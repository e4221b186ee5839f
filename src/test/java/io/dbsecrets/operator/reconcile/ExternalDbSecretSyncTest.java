package io.dbsecrets.operator.reconcile;

import static io.dbsecrets.operator.support.OperatorHarness.events;
import static io.dbsecrets.operator.support.OperatorHarness.readyReason;
import static io.dbsecrets.operator.support.OperatorHarness.secret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dbsecrets.operator.OperatorRuntime;
import io.dbsecrets.operator.api.CreationPolicy;
import io.dbsecrets.operator.api.DataMapping;
import io.dbsecrets.operator.api.DeletionPolicy;
import io.dbsecrets.operator.api.ExternalDbSecret;
import io.dbsecrets.operator.api.ExternalDbSecretSpec;
import io.dbsecrets.operator.kube.ManagedSecrets;
import io.dbsecrets.operator.support.AwsCallCounter;
import io.dbsecrets.operator.support.Edbs;
import io.dbsecrets.operator.support.MockRequests;
import io.dbsecrets.operator.support.MotoServer;
import io.dbsecrets.operator.support.OffsetClock;
import io.dbsecrets.operator.support.OperatorExtension;
import io.dbsecrets.operator.support.OperatorHarness;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The operator as deployed, against the fabric8 mock API server (CRUD mode) and moto's Secrets Manager. */
@Tag("slow")
@EnableKubernetesMockClient(crud = true)
class ExternalDbSecretSyncTest {
  static final String RDS_JSON = "{\"username\":\"app_user\",\"password\":\"p@ss w0rd/+\",\"engine\":\"postgres\","
      + "\"host\":\"db.example.internal\",\"port\":5432,\"dbname\":\"momentum\",\"dbInstanceIdentifier\":\"momentum-db\"}";

  static KubernetesMockServer server;
  static KubernetesClient client;
  static final OffsetClock clock = new OffsetClock();
  @RegisterExtension
  static final OperatorExtension env = OperatorExtension.on(() -> client, "sync").clock(clock);
  MotoServer moto;
  String namespace;

  @BeforeEach
  void freshNamespace() {
    moto = env.moto();
    namespace = env.namespace();
  }

  @Test
  void rdsManagedJsonBecomesOneKeyPerField() {
    String version = moto.createSecret(namespace + "/rds", RDS_JSON);
    create("momentum-db", spec -> spec.setSecretId(namespace + "/rds"));

    Secret synced = awaitSecret("momentum-db");
    assertThat(synced.getData()).containsOnlyKeys("username", "password", "engine", "host", "port", "dbname",
        "dbInstanceIdentifier");
    assertThat(decode(synced, "password")).isEqualTo("p@ss w0rd/+");
    assertThat(decode(synced, "port")).isEqualTo("5432");
    // the status is written after the Secret
    await().atMost(Duration.ofSeconds(15)).until(() -> readyReason(client, namespace, "momentum-db")
        .equals("True/Synced"));
    ExternalDbSecret resource = get("momentum-db");
    assertThat(resource.getStatus().getSyncedVersionId()).isEqualTo(version);
    assertThat(resource.getStatus().getSyncedVersionStages()).containsExactly("AWSCURRENT");
    assertThat(resource.getStatus().getDataHash()).hasSize(64);
    assertThat(resource.getStatus().getNextRefreshTime()).isNotNull();
    assertThat(synced.getMetadata().getOwnerReferences()).singleElement()
        .satisfies(ref -> assertThat(ref.getUid()).isEqualTo(resource.getMetadata().getUid()));
  }

  @Test
  void keyValueJsonAndPlainStringSecretsSync() {
    moto.createSecret(namespace + "/kv", "{\"DB_CONNECTION_STRING\":\"jdbc:postgresql://db:5432/app\"}");
    moto.createSecret(namespace + "/plain", "just-a-password");
    create("kv", spec -> spec.setSecretId(namespace + "/kv"));
    create("plain", spec -> spec.setSecretId(namespace + "/plain"));

    assertThat(decode(awaitSecret("kv"), "DB_CONNECTION_STRING")).isEqualTo("jdbc:postgresql://db:5432/app");
    assertThat(decode(awaitSecret("plain"), "value")).isEqualTo("just-a-password");
  }

  @Test
  void explicitKeysAndTemplateRenderAConnectionString() {
    moto.createSecret(namespace + "/rds", RDS_JSON);
    create("app-db", spec -> {
      spec.setSecretId(namespace + "/rds");
      spec.getTarget().setName("app-db-credentials");
      spec.getTarget().setLabels(Map.of("team", "payments"));
      spec.setData(List.of(new DataMapping("DB_PASSWORD", "password"), new DataMapping("DB_USER", "username")));
      spec.setTemplate(Map.of("DB_URL", "jdbc:postgresql://{{ host }}:{{ port }}/{{ dbname }}"
          + "?user={{ username }}&password={{ password | urlencode }}"));
    });

    Secret synced = awaitSecret("app-db-credentials");
    assertThat(synced.getData()).containsOnlyKeys("DB_PASSWORD", "DB_USER", "DB_URL");
    assertThat(decode(synced, "DB_URL"))
        .isEqualTo("jdbc:postgresql://db.example.internal:5432/momentum?user=app_user&password=p%40ss+w0rd%2F%2B");
    assertThat(synced.getMetadata().getLabels()).containsEntry("team", "payments");
    // the status is written after the Secret
    await().atMost(Duration.ofSeconds(15)).until(() -> get("app-db").getStatus() != null);
    assertThat(get("app-db").getStatus().getTargetSecret()).isEqualTo("app-db-credentials");
  }

  @Test
  void rotationInAwsReachesTheSecretOnRefresh() {
    moto.createSecret(namespace + "/rotating", "{\"password\":\"first\"}");
    create("rotating", spec -> {
      spec.setSecretId(namespace + "/rotating");
      spec.setRefreshInterval("1s");
    });
    awaitSecret("rotating");

    String rotated = moto.putSecret(namespace + "/rotating", "{\"password\":\"second\"}");

    await().atMost(Duration.ofSeconds(20)).until(() -> "second".equals(decode(secret(client, namespace, "rotating"),
        "password")));
    await().untilAsserted(() -> assertThat(get("rotating").getStatus().getSyncedVersionId()).isEqualTo(rotated));
  }

  @Test
  void handEditAndDeletionOfTheSecretAreRepaired() {
    moto.createSecret(namespace + "/drift", "{\"password\":\"from-aws\"}");
    create("drift", spec -> spec.setSecretId(namespace + "/drift"));
    Secret synced = awaitSecret("drift");

    client.secrets().inNamespace(namespace).resource(new SecretBuilder(synced)
        .addToData("password", encode("hand-edited")).build()).update();
    await().atMost(Duration.ofSeconds(15))
        .until(() -> "from-aws".equals(decode(secret(client, namespace, "drift"), "password")));

    client.secrets().inNamespace(namespace).withName("drift").delete();
    await().atMost(Duration.ofSeconds(15)).until(() -> secret(client, namespace, "drift") != null
        && "from-aws".equals(decode(secret(client, namespace, "drift"), "password")));
  }

  @Test
  void unchangedRefreshDoesNotRewriteTheSecret() {
    moto.createSecret(namespace + "/steady", "{\"password\":\"same\"}");
    create("steady", spec -> {
      spec.setSecretId(namespace + "/steady");
      spec.setRefreshInterval("1s");
    });
    String resourceVersion = awaitSecret("steady").getMetadata().getResourceVersion();
    // the status is written after the Secret
    await().atMost(Duration.ofSeconds(15)).until(() -> get("steady").getStatus() != null
        && get("steady").getStatus().getLastSyncTime() != null);
    String firstSync = get("steady").getStatus().getLastSyncTime();

    await().atMost(Duration.ofSeconds(15)).until(() -> !firstSync.equals(get("steady").getStatus().getLastSyncTime()));
    assertThat(secret(client, namespace, "steady").getMetadata().getResourceVersion()).isEqualTo(resourceVersion);
  }

  @Test
  void missingAwsSecretIsReportedWithReasonAndEvent() {
    create("missing", spec -> spec.setSecretId(namespace + "/does-not-exist"));

    await().atMost(Duration.ofSeconds(15)).until(() -> readyReason(client, namespace, "missing")
        .equals("False/SecretNotFound"));
    assertThat(events(client, namespace, "missing"))
        .anySatisfy(e -> assertThat(e.getReason()).isEqualTo("SecretNotFound"));
    assertThat(secret(client, namespace, "missing")).isNull();
  }

  @Test
  void awsFailureAfterASyncLeavesTheSecretUntouched() {
    moto.createSecret(namespace + "/doomed", "{\"password\":\"keep-me\"}");
    create("doomed", spec -> {
      spec.setSecretId(namespace + "/doomed");
      spec.setRefreshInterval("1s");
    });
    Secret before = awaitSecret("doomed");

    moto.admin().deleteSecret(b -> b.secretId(namespace + "/doomed").forceDeleteWithoutRecovery(true));

    await().atMost(Duration.ofSeconds(15)).until(() -> readyReason(client, namespace, "doomed").startsWith("False/"));
    Secret after = secret(client, namespace, "doomed");
    assertThat(after.getData()).isEqualTo(before.getData());
    assertThat(after.getMetadata().getResourceVersion()).isEqualTo(before.getMetadata().getResourceVersion());
  }

  @Test
  void deletionPolicyDeleteRemovesTheSecretWhenTheAwsSecretIsGone() {
    moto.createSecret(namespace + "/temp", "{\"password\":\"x\"}");
    create("temp", spec -> {
      spec.setSecretId(namespace + "/temp");
      spec.setRefreshInterval("1s");
      spec.getTarget().setDeletionPolicy(DeletionPolicy.Delete);
    });
    awaitSecret("temp");

    moto.admin().deleteSecret(b -> b.secretId(namespace + "/temp").forceDeleteWithoutRecovery(true));

    // a first not-found answer is not enough: the Secret stays until a second one confirms it 30s later
    await().atMost(Duration.ofSeconds(15)).until(() -> readyReason(client, namespace, "temp")
        .equals("False/SecretNotFound"));
    assertThat(secret(client, namespace, "temp")).isNotNull();
    new Edbs(client, namespace).forceSync("temp", "too-soon");
    await().atMost(Duration.ofSeconds(15)).until(() -> "too-soon".equals(get("temp").getStatus().getForceSyncHandled()));
    assertThat(secret(client, namespace, "temp")).as("a second answer within 30 s").isNotNull();
    // the 30 s pass on the operator's clock, not in this test's time
    clock.skip(DeletionDecision.CONFIRM_AFTER);
    new Edbs(client, namespace).forceSync("temp", "confirm");
    await().atMost(Duration.ofSeconds(15)).until(() -> secret(client, namespace, "temp") == null);
    // the status is written after the Secret is deleted
    await().atMost(Duration.ofSeconds(15)).until(() -> readyReason(client, namespace, "temp")
        .equals("False/SecretDeleted"));
  }

  @Test
  void badTemplateIsReportedWithoutLeakingOrTouchingTheSecret() {
    moto.createSecret(namespace + "/tmpl", "{\"password\":\"s3cr3t-value\"}");
    create("tmpl", spec -> spec.setSecretId(namespace + "/tmpl"));
    Secret before = awaitSecret("tmpl");

    new Edbs(client, namespace).editSpec("tmpl",
        spec -> spec.setTemplate(Map.of("DB_URL", "postgres://{{ usernme }}:{{ password }}@host")));

    await().atMost(Duration.ofSeconds(15)).until(() -> readyReason(client, namespace, "tmpl")
        .equals("False/TemplateError"));
    ExternalDbSecret failed = get("tmpl");
    assertThat(failed.getStatus().getConditions().toString()).contains("usernme").doesNotContain("s3cr3t-value");
    assertThat(events(client, namespace, "tmpl").toString()).doesNotContain("s3cr3t-value");
    assertThat(secret(client, namespace, "tmpl").getData()).isEqualTo(before.getData());
  }

  @Test
  void aNewResourcesSecretIsCreatedWithoutLookingItUpFirst() {
    moto.createSecret(namespace + "/fresh", RDS_JSON);

    create("fresh", spec -> spec.setSecretId(namespace + "/fresh"));

    await().atMost(Duration.ofSeconds(15)).until(() -> readyReason(client, namespace, "fresh").equals("True/Synced"));
    // the cache of managed Secrets had none of this name: a GET would have found nothing (a quorum read from etcd)
    List<String> requests = requestsFor("/api/v1/namespaces/" + namespace + "/secrets");
    assertThat(requests).containsExactly("POST /api/v1/namespaces/" + namespace + "/secrets");
  }

  @Test
  void existingSecretIsNotTakenOverUnlessMergeIsAsked() {
    moto.createSecret(namespace + "/merge", "{\"DB_PASSWORD\":\"from-aws\"}");
    client.secrets().inNamespace(namespace).resource(new SecretBuilder().withNewMetadata().withName("shared")
        .endMetadata().addToData("OTHER", encode("keep")).build()).create();

    create("taker", spec -> {
      spec.setSecretId(namespace + "/merge");
      spec.getTarget().setName("shared");
    });
    await().atMost(Duration.ofSeconds(15)).until(() -> readyReason(client, namespace, "taker")
        .equals("False/TargetConflict"));
    assertThat(secret(client, namespace, "shared").getData()).containsOnlyKeys("OTHER");

    new Edbs(client, namespace).editSpec("taker", spec -> spec.getTarget().setCreationPolicy(CreationPolicy.Merge));

    await().atMost(Duration.ofSeconds(15)).until(() -> secret(client, namespace, "shared").getData()
        .containsKey("DB_PASSWORD"));
    assertThat(decode(secret(client, namespace, "shared"), "OTHER")).isEqualTo("keep");
    assertThat(secret(client, namespace, "shared").getMetadata().getOwnerReferences()).isNullOrEmpty();
  }

  @Test
  void mergeIntoASecretAnotherResourceManagesIsRefusedUntilThatResourceIsGone() {
    moto.createSecret(namespace + "/base", "{\"DB_PASSWORD\":\"base-pw\"}");
    moto.createSecret(namespace + "/newcomer", "{\"DB_PASSWORD\":\"newcomer-pw\"}");
    create("base", spec -> spec.setSecretId(namespace + "/base"));
    await().atMost(Duration.ofSeconds(15)).until(() -> readyReason(client, namespace, "base").equals("True/Synced"));

    create("newcomer", spec -> {
      spec.setSecretId(namespace + "/newcomer");
      spec.getTarget().setName("base");
      spec.getTarget().setCreationPolicy(CreationPolicy.Merge);
    });

    await().atMost(Duration.ofSeconds(15)).until(() -> readyReason(client, namespace, "newcomer")
        .equals("False/TargetConflict"));
    assertThat(get("newcomer").getStatus().getConditions().toString()).contains("managed by ExternalDbSecret 'base'");
    assertThat(events(client, namespace, "newcomer")).anyMatch(e -> "TargetConflict".equals(e.getReason()));
    Secret owned = secret(client, namespace, "base");
    assertThat(decode(owned, "DB_PASSWORD")).isEqualTo("base-pw");
    assertThat(ManagedSecrets.isManagedBy(owned, "base")).isTrue();
    assertThat(readyReason(client, namespace, "base")).isEqualTo("True/Synced");

    // The garbage collector deletes an owned Secret with its resource; the mock server has none, so the test does.
    client.resources(ExternalDbSecret.class).inNamespace(namespace).withName("base").delete();
    client.secrets().inNamespace(namespace).withName("base").delete();

    await().atMost(Duration.ofSeconds(15)).until(() -> readyReason(client, namespace, "newcomer")
        .equals("True/Synced"));
    assertThat(decode(secret(client, namespace, "base"), "DB_PASSWORD")).isEqualTo("newcomer-pw");
  }

  @Test
  void orphanSecretHasNoOwnerReference() {
    moto.createSecret(namespace + "/orphan", "{\"a\":\"b\"}");
    create("orphan", spec -> {
      spec.setSecretId(namespace + "/orphan");
      spec.getTarget().setCreationPolicy(CreationPolicy.Orphan);
    });
    assertThat(awaitSecret("orphan").getMetadata().getOwnerReferences()).isNullOrEmpty();
  }

  @Test
  void resourcesNamingOneAwsSecretShareOneFetch() {
    moto.createSecret(namespace + "/shared", "{\"password\":\"x\"}");
    long before = AwsCallCounter.secretReads(env.operator().metrics().registry());

    create("first", spec -> spec.setSecretId(namespace + "/shared"));
    create("second", spec -> spec.setSecretId(namespace + "/shared"));
    awaitSecret("first");
    awaitSecret("second");

    assertThat(AwsCallCounter.secretReads(env.operator().metrics().registry()) - before).isEqualTo(1);
  }

  @Test
  void forceSyncAnnotationReadsAwsAtOnce() {
    moto.createSecret(namespace + "/forced", "{\"password\":\"one\"}");
    create("forced", spec -> spec.setSecretId(namespace + "/forced"));
    awaitSecret("forced");
    moto.putSecret(namespace + "/forced", "{\"password\":\"two\"}");

    new Edbs(client, namespace).forceSync("forced", "now-1");

    await().atMost(Duration.ofSeconds(15)).until(() -> "two".equals(decode(secret(client, namespace, "forced"),
        "password")));
  }

  @Test
  void restartedOperatorDoesNotRefetchWhatIsInSync() {
    moto.createSecret(namespace + "/restart", "{\"password\":\"x\"}");
    create("restart", spec -> spec.setSecretId(namespace + "/restart"));
    awaitSecret("restart");
    await().until(() -> readyReason(client, namespace, "restart").equals("True/Synced"));

    try (OperatorRuntime second = OperatorHarness.start(client,
        OperatorHarness.config(moto, Map.of("DBSECRETS_WATCH_NAMESPACES", namespace)))) {
      await().atMost(Duration.ofSeconds(20)).until(() -> OperatorHarness.reconciles(second, "NONE") >= 1);
      assertThat(AwsCallCounter.secretReads(second.metrics().registry())).isZero();
      assertThat(readyReason(client, namespace, "restart")).isEqualTo("True/Synced");
    }
  }

  /**
   * Method and path of the requests recorded so far to the collection {@code path} or an object in it (lists and
   * watches, which carry a query, are left out); takes every recorded request.
   */
  private static List<String> requestsFor(String path) {
    return MockRequests.takeAll(server).stream()
        .filter(r -> r.getPath().equals(path) || r.getPath().startsWith(path + "/"))
        .map(r -> r.getMethod() + " " + r.getPath())
        .toList();
  }

  private void create(String name, Consumer<ExternalDbSecretSpec> spec) {
    new Edbs(client, namespace).create(name, spec);
  }

  private ExternalDbSecret get(String name) {
    return new Edbs(client, namespace).get(name);
  }

  private Secret awaitSecret(String name) {
    return new Edbs(client, namespace).awaitSecret(name);
  }

  static String decode(Secret secret, String key) {
    if (secret == null || secret.getData() == null || secret.getData().get(key) == null) {
      return null;
    }
    return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
  }

  static String encode(String value) {
    return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }
}
