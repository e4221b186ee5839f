package io.dbsecrets.operator.reconcile;

import static io.dbsecrets.operator.support.OperatorHarness.events;
import static io.dbsecrets.operator.support.OperatorHarness.readyReason;
import static io.dbsecrets.operator.support.OperatorHarness.secret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dbsecrets.operator.OperatorRuntime;
import io.dbsecrets.operator.api.DataMapping;
import io.dbsecrets.operator.api.ExternalDbSecret;
import io.dbsecrets.operator.api.ExternalDbSecretSpec;
import io.dbsecrets.operator.support.AwsProxy;
import io.dbsecrets.operator.support.Edbs;
import io.dbsecrets.operator.support.MotoServer;
import io.dbsecrets.operator.support.OperatorExtension;
import io.dbsecrets.operator.support.OperatorHarness;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each way a sync can fail gets its own Ready reason and Event, and leaves the Secret applications use as it
 * was. AWS errors are real AWS error responses, injected by a proxy in front of moto.
 */
@Tag("slow")
@EnableKubernetesMockClient(crud = true)
class FailureReasonsTest {
  static final String PASSWORD = "n0t-in-any-message";
  static KubernetesClient client;
  static final AwsProxy proxy = AwsProxy.in(MotoServer.shared().endpoint());
  @RegisterExtension
  static final OperatorExtension env = OperatorExtension.on(() -> client, "fail").settings(Map.of(
      "DBSECRETS_AWS_ENDPOINT", proxy.endpoint().toString(),
      "DBSECRETS_AWS_CALL_TIMEOUT", "2s"));
  MotoServer moto;
  String namespace;

  @BeforeEach
  void freshNamespace() {
    moto = env.moto();
    namespace = env.namespace();
  }

  @AfterAll
  static void stopProxy() {
    proxy.close();
  }

  @AfterEach
  void healAws() {
    proxy.heal();
  }

  /**
   * Throttling holds back the operator's calls to that region for seconds (on purpose: ThrottlePauseTest), so it has
   * a region of its own: in the shared region the cases after it would wait out the pause.
   */
  @ParameterizedTest(name = "{0} -> {2}")
  @CsvSource({
      "AccessDeniedException, 400, AccessDenied, us-east-1",
      "DecryptionFailure, 400, DecryptionFailure, us-east-1",
      "ThrottlingException, 400, Throttled, eu-west-3",
      "InternalServiceError, 500, AwsError, us-east-1"})
  void awsErrorAfterASyncSetsItsReasonAndKeepsTheSecret(String awsCode, int status, String reason, String region) {
    moto.createSecret(region, namespace + "/db", "{\"password\":\"" + PASSWORD + "\"}");
    create("db", spec -> {
      spec.setSecretId(namespace + "/db");
      spec.setRegion(region);
    });
    Secret before = awaitSecret("db");

    proxy.fail("GetSecretValue", status, awsCode, "injected by the test");
    proxy.fail("BatchGetSecretValue", status, awsCode, "injected by the test");
    forceSync("db");

    await().atMost(Duration.ofSeconds(30)).until(() -> readyReason(client, namespace, "db").equals("False/" + reason));
    assertThat(events(client, namespace, "db")).anySatisfy(e -> {
      assertThat(e.getReason()).isEqualTo(reason);
      assertThat(e.getType()).isEqualTo("Warning");
    });
    Secret after = secret(client, namespace, "db");
    assertThat(after.getData()).isEqualTo(before.getData());
    assertThat(after.getMetadata().getResourceVersion()).isEqualTo(before.getMetadata().getResourceVersion());
    assertThat(get("db").getStatus().getConsecutiveFailures()).isPositive();
  }

  @Test
  void awsThatDoesNotAnswerInTimeIsReportedAsTimeout() {
    moto.createSecret(namespace + "/slow", "{\"password\":\"x\"}");
    proxy.delay("GetSecretValue", Duration.ofSeconds(5));
    proxy.delay("BatchGetSecretValue", Duration.ofSeconds(5));
    create("slow", spec -> spec.setSecretId(namespace + "/slow"));

    await().atMost(Duration.ofSeconds(30)).until(() -> readyReason(client, namespace, "slow").equals("False/Timeout"));
    assertThat(secret(client, namespace, "slow")).isNull();
  }

  @Test
  void propertyOfAPlainStringSecretIsAnInvalidFormat() {
    moto.createSecret(namespace + "/plain", PASSWORD);
    create("plain", spec -> {
      spec.setSecretId(namespace + "/plain");
      spec.setData(List.of(new DataMapping("DB_PASSWORD", "password")));
    });

    await().atMost(Duration.ofSeconds(30)).until(() -> readyReason(client, namespace, "plain")
        .equals("False/InvalidSecretFormat"));
    assertThat(statusAndEvents("plain")).contains("plain string").doesNotContain(PASSWORD);
  }

  @Test
  void jsonFieldThatIsNotASecretKeyIsReported() {
    moto.createSecret(namespace + "/badkey", "{\"db password\":\"" + PASSWORD + "\"}");
    create("badkey", spec -> spec.setSecretId(namespace + "/badkey"));

    await().atMost(Duration.ofSeconds(30)).until(() -> readyReason(client, namespace, "badkey")
        .equals("False/InvalidSecretKey"));
    assertThat(statusAndEvents("badkey")).contains("db password").doesNotContain(PASSWORD);
  }

  @Test
  void missingPropertyNamesTheFieldsButNoValues() {
    moto.createSecret(namespace + "/rds", "{\"username\":\"app\",\"password\":\"" + PASSWORD + "\"}");
    create("rds", spec -> {
      spec.setSecretId(namespace + "/rds");
      spec.setData(List.of(new DataMapping("DB_HOST", "host")));
    });

    await().atMost(Duration.ofSeconds(30)).until(() -> readyReason(client, namespace, "rds")
        .equals("False/PropertyNotFound"));
    assertThat(statusAndEvents("rds")).contains("username, password").doesNotContain(PASSWORD);
  }

  /** Everything a user can read about the failure: the status and the Events. */
  private String statusAndEvents(String name) {
    return Serialization.asJson(get(name).getStatus()) + Serialization.asJson(events(client, namespace, name));
  }

  private void forceSync(String name) {
    new Edbs(client, namespace).forceSync(name, "t" + System.nanoTime());
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
}
