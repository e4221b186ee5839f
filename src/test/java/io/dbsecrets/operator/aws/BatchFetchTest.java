package io.dbsecrets.operator.aws;

import static io.dbsecrets.operator.support.OperatorHarness.secret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dbsecrets.operator.OperatorRuntime;
import io.dbsecrets.operator.support.AwsProxy;
import io.dbsecrets.operator.support.Edbs;
import io.dbsecrets.operator.support.MotoServer;
import io.dbsecrets.operator.support.OperatorExtension;
import io.dbsecrets.operator.support.OperatorHarness;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** AWS calls counted at the wire, by a proxy in front of moto, while the operator syncs many resources at once. */
@Tag("slow")
@EnableKubernetesMockClient(crud = true)
class BatchFetchTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  static KubernetesClient client;
  @RegisterExtension
  static final OperatorExtension env = OperatorExtension.on(() -> client, "batch").operatorPerTest();
  MotoServer moto;
  AwsProxy proxy;
  String namespace;

  @BeforeEach
  void startProxy() {
    moto = env.moto();
    proxy = env.closeAfterTest(AwsProxy.in(moto.endpoint()));
    namespace = env.namespace();
  }

  @Test
  void resourcesFallingDueTogetherAreReadWithBatchCallsOfUpToTwenty() throws Exception {
    int secrets = 25;
    IntStream.range(0, secrets).forEach(i -> moto.createSecret(namespace + "/db-" + i, "{\"password\":\"p" + i + "\"}"));
    try (OperatorRuntime operator = start()) {
      IntStream.range(0, secrets).forEach(i -> create("edbs-" + i, namespace + "/db-" + i));

      await().atMost(Duration.ofSeconds(60)).until(() -> IntStream.range(0, secrets)
          .allMatch(i -> secret(client, namespace, "edbs-" + i) != null));
      // How many batches the reads fall into depends on when the reconciles arrive, so the exact count is
      // asserted with a timer the test controls (BatchingSecretSourceTest); here: the operator uses only the batch
      // API, never more than 20 secrets a call, and reads each secret once.
      assertThat(proxy.count("GetSecretValue")).isZero();
      List<Integer> batchSizes = new ArrayList<>();
      for (AwsProxy.Recorded call : proxy.requests("BatchGetSecretValue")) {
        batchSizes.add(JSON.readTree(call.body()).get("SecretIdList").size());
      }
      assertThat(batchSizes).allSatisfy(size -> assertThat(size).isBetween(1, 20));
      assertThat(batchSizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(secrets);
    }
  }

  @Test
  void deniedBatchApiFallsBackToSingleReadsWithoutFailingSyncs() {
    proxy.fail("BatchGetSecretValue", 400, "AccessDeniedException",
        "User is not authorized to perform: secretsmanager:BatchGetSecretValue");
    IntStream.range(0, 3).forEach(i -> moto.createSecret(namespace + "/db-" + i, "{\"password\":\"p" + i + "\"}"));
    try (OperatorRuntime operator = start()) {
      IntStream.range(0, 3).forEach(i -> create("edbs-" + i, namespace + "/db-" + i));

      await().atMost(Duration.ofSeconds(30)).until(() -> IntStream.range(0, 3)
          .allMatch(i -> "True/Synced".equals(OperatorHarness.readyReason(client, namespace, "edbs-" + i))));
      assertThat(proxy.count("GetSecretValue")).isEqualTo(3);
      long batchAttempts = proxy.count("BatchGetSecretValue");
      assertThat(operator.metrics().registry().find("dbsecrets_batch_fallbacks_total").counter().count())
          .isEqualTo(batchAttempts);

      moto.createSecret(namespace + "/late", "{\"password\":\"late\"}");
      create("late", namespace + "/late");
      await().atMost(Duration.ofSeconds(30)).until(() -> secret(client, namespace, "late") != null);
      assertThat(proxy.count("BatchGetSecretValue")).as("the batch API is not retried once denied")
          .isEqualTo(batchAttempts);
    }
  }

  private OperatorRuntime start() {
    return OperatorHarness.start(client, OperatorHarness.config(moto, Map.of(
        "DBSECRETS_AWS_ENDPOINT", proxy.endpoint().toString(),
        "DBSECRETS_WATCH_NAMESPACES", namespace)));
  }

  private void create(String name, String secretId) {
    new Edbs(client, namespace).create(name, spec -> spec.setSecretId(secretId));
  }
}
