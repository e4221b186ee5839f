package io.dbsecrets.operator.it;

import static io.dbsecrets.operator.it.RealCluster.TIMEOUT;
import static io.dbsecrets.operator.it.RealCluster.decode;
import static io.dbsecrets.operator.support.OperatorHarness.readyReason;
import static io.dbsecrets.operator.support.OperatorHarness.secret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dbsecrets.operator.api.CreationPolicy;
import io.dbsecrets.operator.api.DataMapping;
import io.dbsecrets.operator.api.ExternalDbSecret;
import io.dbsecrets.operator.api.ExternalDbSecretSpec;
import io.dbsecrets.operator.api.ExternalDbSecretStatus;
import io.dbsecrets.operator.support.MotoServer;
import io.dbsecrets.operator.support.OperatorExtension;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The operator as in production (OperatorRuntime with its patch modes) against a real kube-apiserver and
 * kube-controller-manager: what the mock server cannot prove, such as the garbage collector, the status
 * subresource and kubectl's printer columns.
 */
@ExtendWith(KubeControlPlaneExtension.class)
class OperatorOnRealServerIT {
  private static final String RDS_JSON = "{\"username\":\"app_user\",\"password\":\"first\",\"engine\":\"postgres\","
      + "\"host\":\"db.example.internal\",\"port\":5432,\"dbname\":\"momentum\"}";

  @RegisterExtension
  static final OperatorExtension env = RealCluster.operator("operator-it");
  private static MotoServer moto;
  private static String namespace;

  @BeforeAll
  static void names() {
    moto = env.moto();
    namespace = env.namespace();
  }

  @Test
  void syncsTheSecretAndKeepsItSyncedWhenAwsRotatesIt(KubernetesClient admin) {
    moto.createSecret(namespace + "/rotating", RDS_JSON);
    RealCluster.create(admin, namespace, "rotating", spec -> {
      spec.setSecretId(namespace + "/rotating");
      spec.setRefreshInterval("2s");
      spec.setData(List.of(new DataMapping("DB_PASSWORD", "password")));
      spec.setTemplate(Map.of("DB_URL", "jdbc:postgresql://{{ host }}:{{ port }}/{{ dbname }}"));
    });
    await().atMost(TIMEOUT).until(() -> "first".equals(decode(secret(admin, namespace, "rotating"), "DB_PASSWORD")));
    assertThat(decode(secret(admin, namespace, "rotating"), "DB_URL"))
        .isEqualTo("jdbc:postgresql://db.example.internal:5432/momentum");

    String rotated = moto.putSecret(namespace + "/rotating", RDS_JSON.replace("first", "second"));

    await().atMost(TIMEOUT).until(() -> "second".equals(decode(secret(admin, namespace, "rotating"), "DB_PASSWORD")));
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(status(admin, "rotating").getSyncedVersionId())
        .isEqualTo(rotated));
    assertThat(readyReason(admin, namespace, "rotating")).isEqualTo("True/Synced");
  }

  /**
   * The operator's caches hold objects without managedFields (kube.CachedCopies); the Secret it updates from
   * such a copy and the resource whose status it patches keep their field ownership on the server.
   */
  @Test
  void updatesFromTheOperatorsCacheKeepTheServersFieldOwnership(KubernetesClient admin) {
    moto.createSecret(namespace + "/owned-fields", "{\"password\":\"first\"}");
    RealCluster.create(admin, namespace, "owned-fields", spec -> {
      spec.setSecretId(namespace + "/owned-fields");
      spec.setRefreshInterval("1s");
    });
    await().atMost(TIMEOUT).until(() -> "first".equals(decode(secret(admin, namespace, "owned-fields"), "password")));
    String rotated = moto.putSecret(namespace + "/owned-fields", "{\"password\":\"second\"}");
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(status(admin, "owned-fields").getSyncedVersionId())
        .isEqualTo(rotated));

    assertThat(secret(admin, namespace, "owned-fields").getMetadata().getManagedFields())
        .anySatisfy(f -> assertThat(f.getFieldsV1().getAdditionalProperties()).containsKey("f:data"));
    assertThat(admin.resources(ExternalDbSecret.class).inNamespace(namespace).withName("owned-fields").get()
        .getMetadata().getManagedFields())
        .anySatisfy(f -> assertThat(f.getSubresource()).isEqualTo("status"))
        .anySatisfy(f -> assertThat(f.getFieldsV1().getAdditionalProperties()).containsKey("f:spec"));
  }

  /**
   * The resource's cached copy has no kubectl last-applied-configuration (kube.CachedCopies): the status writes made
   * from it keep the annotation on the server, as does the whole-Secret update made from the Secret's cached copy.
   */
  @Test
  void writesFromTheCompactCacheKeepKubectlsLastAppliedConfiguration(KubernetesClient admin) {
    String lastApplied = "kubectl.kubernetes.io/last-applied-configuration";
    moto.createSecret(namespace + "/applied", "{\"password\":\"first\"}");
    ExternalDbSecret applied = new ExternalDbSecret();
    applied.getMetadata().setName("applied");
    applied.getMetadata().setNamespace(namespace);
    applied.getMetadata().setAnnotations(Map.of(lastApplied, "{\"kind\":\"ExternalDbSecret\"}"));
    applied.setSpec(new ExternalDbSecretSpec());
    applied.getSpec().setSecretId(namespace + "/applied");
    applied.getSpec().setRefreshInterval("1s");
    admin.resource(applied).create();
    await().atMost(TIMEOUT).until(() -> "first".equals(decode(secret(admin, namespace, "applied"), "password")));
    admin.secrets().inNamespace(namespace).withName("applied")
        .edit(s -> new SecretBuilder(s).editMetadata()
            .addToAnnotations(lastApplied, "{\"kind\":\"Secret\"}").endMetadata().build());

    String rotated = moto.putSecret(namespace + "/applied", "{\"password\":\"second\"}");

    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(status(admin, "applied").getSyncedVersionId())
        .isEqualTo(rotated));
    assertThat(decode(secret(admin, namespace, "applied"), "password")).isEqualTo("second");
    assertThat(secret(admin, namespace, "applied").getMetadata().getAnnotations())
        .containsEntry(lastApplied, "{\"kind\":\"Secret\"}");
    assertThat(RealCluster.get(admin, namespace, "applied").getMetadata().getAnnotations())
        .containsEntry(lastApplied, "{\"kind\":\"ExternalDbSecret\"}");
  }

  @Test
  void deletingTheResourceGarbageCollectsAnOwnedSecretAndKeepsAnOrphanSecret(KubernetesClient admin) {
    moto.createSecret(namespace + "/lifecycle", RDS_JSON);
    RealCluster.create(admin, namespace, "owned", spec -> spec.setSecretId(namespace + "/lifecycle"));
    RealCluster.create(admin, namespace, "orphaned", spec -> {
      spec.setSecretId(namespace + "/lifecycle");
      spec.getTarget().setCreationPolicy(CreationPolicy.Orphan);
    });
    await().atMost(TIMEOUT).until(() -> secret(admin, namespace, "owned") != null
        && secret(admin, namespace, "orphaned") != null);
    assertThat(secret(admin, namespace, "owned").getMetadata().getOwnerReferences()).singleElement()
        .satisfies(ref -> assertThat(ref.getUid()).isEqualTo(RealCluster.get(admin, namespace, "owned")
            .getMetadata().getUid()));
    assertThat(secret(admin, namespace, "orphaned").getMetadata().getOwnerReferences()).isNullOrEmpty();

    admin.resources(ExternalDbSecret.class).inNamespace(namespace).withName("orphaned").delete();
    admin.resources(ExternalDbSecret.class).inNamespace(namespace).withName("owned").delete();

    // kube-controller-manager's garbage collector, not the operator, deletes the owned Secret ...
    await().atMost(TIMEOUT).until(() -> secret(admin, namespace, "owned") == null);
    // ... while the orphan's resource is gone too (whatever cleanup there is has run) and its Secret stays
    assertThat(RealCluster.get(admin, namespace, "orphaned")).isNull();
    Secret orphan = secret(admin, namespace, "orphaned");
    assertThat(orphan).isNotNull();
    assertThat(decode(orphan, "password")).isEqualTo("first");
  }

  @Test
  void statusIsWrittenThroughTheStatusSubresourceAndTheSpecIsUntouched(KubernetesClient admin) {
    String version = moto.createSecret(namespace + "/status", RDS_JSON);
    ExternalDbSecret created = RealCluster.create(admin, namespace, "status", spec -> {
      spec.setSecretId(namespace + "/status");
      spec.setRefreshInterval("1h");
    });
    await().atMost(TIMEOUT).until(() -> "True/Synced".equals(readyReason(admin, namespace, "status")));

    ExternalDbSecret synced = RealCluster.get(admin, namespace, "status");
    assertThat(synced.getStatus().getSyncedVersionId()).isEqualTo(version);
    assertThat(synced.getStatus().getObservedGeneration()).isEqualTo(1L);
    assertThat(synced.getStatus().getTargetSecret()).isEqualTo("status");
    assertThat(synced.getMetadata().getGeneration()).as("status writes do not bump the generation").isEqualTo(1L);
    assertThat(synced.getSpec().getSecretId()).isEqualTo(created.getSpec().getSecretId());
    assertThat(synced.getSpec().getRefreshInterval()).isEqualTo("1h");

    // The server ignores status in a write to the main resource, so only the subresource can set it.
    admin.resources(ExternalDbSecret.class).inNamespace(namespace).withName("status").edit(r -> {
      r.getStatus().setSyncedVersionId("forged");
      return r;
    });
    assertThat(status(admin, "status").getSyncedVersionId()).isEqualTo(version);
  }

  @Test
  void kubectlGetPrintsTheColumnsInDeclaredOrder(KubeControlPlane kube, KubernetesClient admin) {
    String version = moto.createSecret(namespace + "/columns", RDS_JSON);
    RealCluster.create(admin, namespace, "columns", spec -> {
      spec.setSecretId(namespace + "/columns");
      spec.getTarget().setName("columns-credentials");
    });
    await().atMost(TIMEOUT).until(() -> "True/Synced".equals(readyReason(admin, namespace, "columns")));

    List<String> lines = RealCluster.kubectl(kube, "get", "edbs", "columns", "-n", namespace).lines().toList();

    assertThat(lines).hasSize(2);
    assertThat(columns(lines.get(0)))
        .containsExactly("NAME", "SECRET-ID", "TARGET", "READY", "REASON", "VERSION", "LAST-SYNC", "TRIGGER", "ROLLOUT",
            "AGE");
    List<String> row = columns(lines.get(1));
    assertThat(row).startsWith("columns", namespace + "/columns", "columns-credentials", "True", "Synced", version);
    assertThat(row.get(7)).isEqualTo("spec");
  }

  @Test
  void kubectlShowsWhyAResourceFailsInTheTableAndDescribeTellsTheStory(KubeControlPlane kube,
                                                                       KubernetesClient admin) {
    RealCluster.create(admin, namespace, "missing", spec -> spec.setSecretId(namespace + "/does-not-exist"));
    await().atMost(TIMEOUT).until(() -> "False/SecretNotFound".equals(readyReason(admin, namespace, "missing")));

    List<String> table = RealCluster.kubectl(kube, "get", "edbs", "missing", "-n", namespace).lines().toList();
    assertThat(columns(table.get(1))).startsWith("missing", namespace + "/does-not-exist")
        .contains("False", "SecretNotFound");
    String wide = RealCluster.kubectl(kube, "get", "edbs", "missing", "-n", namespace, "-o", "wide");
    assertThat(wide.lines().findFirst().orElseThrow()).endsWith("MESSAGE");
    assertThat(wide).contains(namespace + "/does-not-exist");

    await().atMost(TIMEOUT).untilAsserted(() -> {
      String described = RealCluster.kubectl(kube, "describe", "edbs", "missing", "-n", namespace);
      assertThat(described).contains("Conditions:").containsPattern("Reason:\\s+SecretNotFound")
          .containsPattern("(?s)Events:.*Warning\\s+SecretNotFound");
    });
  }

  @Test
  void kubectlEdbsPluginSyncsAtOnceAndShowsStatusConditionsAndEvents(KubeControlPlane kube, KubernetesClient admin)
      throws Exception {
    moto.createSecret(namespace + "/plugin", RDS_JSON);
    RealCluster.create(admin, namespace, "plugin", spec -> spec.setSecretId(namespace + "/plugin"));
    await().atMost(TIMEOUT).until(() -> "True/Synced".equals(readyReason(admin, namespace, "plugin")));

    plugin(kube, "sync", "plugin", "-n", namespace);

    String requested = RealCluster.get(admin, namespace, "plugin").getMetadata().getAnnotations()
        .get(ExternalDbSecret.FORCE_SYNC_ANNOTATION);
    assertThat(requested).isNotBlank();
    await().atMost(TIMEOUT).until(() -> requested.equals(status(admin, "plugin").getForceSyncHandled()));

    List<String> table = plugin(kube, "status", "-n", namespace).lines().toList();
    assertThat(columns(table.get(0))).containsExactly("NAMESPACE", "NAME", "READY", "REASON", "LAST-SYNC",
        "NEXT-REFRESH", "TRIGGER", "ROLLOUT", "MESSAGE");
    // the last sync was the one kubectl edbs sync asked for
    assertThat(table).anySatisfy(l -> assertThat(columns(l)).startsWith(namespace, "plugin", "True", "Synced")
        .element(6).isEqualTo("force"));

    String one = plugin(kube, "status", "plugin", "-n", namespace);
    assertThat(one).contains("Conditions:").contains("Ready=True Synced").contains("Events:");
  }

  /** Runs kubectl-plugin/kubectl-edbs as kubectl would: with kubectl on the PATH. */
  private static String plugin(KubeControlPlane kube, String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("bash", "kubectl-plugin/kubectl-edbs"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("PATH", kube.binDir() + java.io.File.pathSeparator + System.getenv("PATH"));
    builder.environment().put("KUBECONFIG", kube.kubeconfig().toString());
    Process process = builder.start();
    process.getOutputStream().close();
    String out = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(process.waitFor(TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("kubectl edbs %s: %s", String.join(" ", args), out).isZero();
    return out;
  }

  private static List<String> columns(String line) {
    return Arrays.asList(line.trim().split("\\s+"));
  }

  private static ExternalDbSecretStatus status(KubernetesClient admin, String name) {
    return RealCluster.get(admin, namespace, name).getStatus();
  }
}
