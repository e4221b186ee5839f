package io.dbsecrets.operator.policy;

import static io.dbsecrets.operator.support.OperatorHarness.events;
import static io.dbsecrets.operator.support.OperatorHarness.readyReason;
import static io.dbsecrets.operator.support.OperatorHarness.secret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dbsecrets.operator.OperatorRuntime;
import io.dbsecrets.operator.api.ExternalDbSecret;
import io.dbsecrets.operator.api.ExternalDbSecretSpec;
import io.dbsecrets.operator.support.AwsCallCounter;
import io.dbsecrets.operator.support.Edbs;
import io.dbsecrets.operator.support.MotoServer;
import io.dbsecrets.operator.support.OperatorExtension;
import io.dbsecrets.operator.support.OperatorHarness;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The operator with the namespace policy on, as deployed by default, against the mock API server and moto. */
@Tag("slow")
@EnableKubernetesMockClient(crud = true)
class NamespacePolicyTest {
  static final String ROLE = "arn:aws:iam::123456789012:role/payments-db-reader";
  /** Shorter than the 30 s retry of a PolicyDenied failure: a sync within it came from the Namespace change. */
  static final Duration PROMPTLY = Duration.ofSeconds(20);

  static KubernetesClient client;
  @RegisterExtension
  static final OperatorExtension env = OperatorExtension.on(() -> client, "policy")
      .settings(Map.of("DBSECRETS_POLICY_ENFORCED", "true"));
  MotoServer moto;
  String namespace;

  @BeforeEach
  void freshNamespace() {
    moto = env.moto();
    namespace = env.namespace();
  }

  @Test
  void namespaceWithoutPermissionIsDeniedWithoutAnAwsCallAndToldWhatToAnnotate() {
    moto.createSecret(namespace + "/db", "{\"password\":\"x\"}");
    long awsCalls = allAwsCalls();

    create("db", spec -> spec.setSecretId(namespace + "/db"));

    await().atMost(Duration.ofSeconds(20)).until(() -> readyReason(client, namespace, "db").equals("False/PolicyDenied"));
    assertThat(readyMessage("db")).endsWith("kubectl annotate namespace " + namespace
        + " dbsecrets.io/allowed-secrets='" + namespace + "/db'");
    assertThat(events(client, namespace, "db")).anySatisfy(e -> assertThat(e.getReason()).isEqualTo("PolicyDenied"));
    assertThat(allAwsCalls()).isEqualTo(awsCalls);
    assertThat(secret(client, namespace, "db")).isNull();
  }

  @Test
  void namespaceAllowedTeamAReadsTeamAByNameOrArnButNotTeamB() {
    String arnA = moto.admin().createSecret(b -> b.name(namespace + "/team-a/db").secretString("{\"p\":\"a\"}")).arn();
    String arnB = moto.admin().createSecret(b -> b.name(namespace + "/team-b/db").secretString("{\"p\":\"b\"}")).arn();
    annotate(NamespaceGrants.ALLOWED_SECRETS, namespace + "/team-a/*, arn:aws:secretsmanager:*:123456789012:secret:"
        + namespace + "/team-a/*");

    create("a", spec -> spec.setSecretId(namespace + "/team-a/db"));
    create("a-by-arn", spec -> spec.setSecretId(arnA));
    create("b", spec -> spec.setSecretId(namespace + "/team-b/db"));
    create("b-by-arn", spec -> spec.setSecretId(arnB));

    await().atMost(Duration.ofSeconds(30)).until(() -> secret(client, namespace, "a") != null
        && secret(client, namespace, "a-by-arn") != null);
    await().atMost(Duration.ofSeconds(20)).until(() -> readyReason(client, namespace, "b").equals("False/PolicyDenied")
        && readyReason(client, namespace, "b-by-arn").equals("False/PolicyDenied"));
    assertThat(readyMessage("b")).contains("--overwrite dbsecrets.io/allowed-secrets=");
    assertThat(secret(client, namespace, "b")).isNull();
    assertThat(secret(client, namespace, "b-by-arn")).isNull();
  }

  @Test
  void roleNotAllowedForTheNamespaceIsDeniedBeforeAnyStsCall() {
    moto.createSecret(namespace + "/db", "{\"password\":\"x\"}");
    annotate(NamespaceGrants.ALLOWED_SECRETS, namespace + "/*");
    long awsCalls = allAwsCalls();

    create("db", spec -> {
      spec.setSecretId(namespace + "/db");
      spec.setRoleArn(ROLE);
    });

    await().atMost(Duration.ofSeconds(20)).until(() -> readyReason(client, namespace, "db").equals("False/PolicyDenied"));
    assertThat(readyMessage("db")).contains("role '" + ROLE + "'").doesNotContain("secret '")
        .endsWith("kubectl annotate namespace " + namespace + " dbsecrets.io/allowed-roles='" + ROLE + "'");
    assertThat(allAwsCalls()).isEqualTo(awsCalls);

    annotate(NamespaceGrants.ALLOWED_ROLES, "arn:aws:iam::123456789012:role/payments-*");
    await().atMost(PROMPTLY).until(() -> secret(client, namespace, "db") != null);
    assertThat(AwsCallCounter.calls(env.operator().metrics().registry(), "AssumeRole")).isPositive();
  }

  @Test
  void annotatingTheNamespaceLetsADeniedResourceSyncWithoutARestartAndRemovingItDeniesAgain() {
    moto.createSecret(namespace + "/late", "{\"password\":\"x\"}");
    create("late", spec -> spec.setSecretId(namespace + "/late"));
    await().atMost(Duration.ofSeconds(20))
        .until(() -> readyReason(client, namespace, "late").equals("False/PolicyDenied"));

    annotate(NamespaceGrants.ALLOWED_SECRETS, namespace + "/late");

    await().atMost(PROMPTLY).until(() -> secret(client, namespace, "late") != null);
    await().until(() -> readyReason(client, namespace, "late").equals("True/Synced"));

    annotate(NamespaceGrants.ALLOWED_SECRETS, "someone-else/*");

    await().atMost(PROMPTLY).until(() -> readyReason(client, namespace, "late").equals("False/PolicyDenied"));
    assertThat(secret(client, namespace, "late")).as("a revoked grant leaves the last synced Secret").isNotNull();
  }

  private long allAwsCalls() {
    return (long) env.operator().metrics().registry().find("dbsecrets_aws_calls_total").counters().stream()
        .mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
  }

  private void annotate(String annotation, String value) {
    client.namespaces().withName(namespace).edit(n -> new NamespaceBuilder(n).editMetadata()
        .addToAnnotations(annotation, value).endMetadata().build());
  }

  private String readyMessage(String name) {
    return OperatorHarness.ready(client.resources(ExternalDbSecret.class).inNamespace(namespace).withName(name).get())
        .map(Condition::getMessage).orElse("");
  }

  private void create(String name, Consumer<ExternalDbSecretSpec> spec) {
    new Edbs(client, namespace).create(name, spec);
  }
}
