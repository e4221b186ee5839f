package io.dbsecrets.operator.aws;

import static io.dbsecrets.operator.support.OperatorHarness.secret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dbsecrets.operator.OperatorRuntime;
import io.dbsecrets.operator.api.ExternalDbSecret;
import io.dbsecrets.operator.api.ExternalDbSecretSpec;
import io.dbsecrets.operator.support.AwsCallCounter;
import io.dbsecrets.operator.support.AwsProxy;
import io.dbsecrets.operator.support.Edbs;
import io.dbsecrets.operator.support.MotoServer;
import io.dbsecrets.operator.support.OperatorExtension;
import io.dbsecrets.operator.support.OperatorHarness;
import io.dbsecrets.operator.support.PodIdentityAgent;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the operator's AWS credentials come from on EKS (IRSA's web identity token, Pod Identity's agent) and the
 * per-resource roles it assumes, seen at the wire: STS and Secrets Manager are moto behind a recording proxy.
 */
@Tag("slow")
@EnableKubernetesMockClient(crud = true)
class OperatorAwsIdentityTest {
  static final String OPERATOR_ROLE = "arn:aws:iam::123456789012:role/externaldbsecret-operator";
  static final String READER_ROLE = "arn:aws:iam::123456789012:role/payments-db-reader";
  static final Pattern ACCESS_KEY = Pattern.compile("<AccessKeyId>([^<]+)</AccessKeyId>");

  static KubernetesClient client;
  @RegisterExtension
  static final OperatorExtension harness = OperatorExtension.on(() -> client, "identity").operatorPerTest();
  MotoServer moto;
  AwsProxy proxy;
  String namespace;
  @TempDir
  Path dir;

  @BeforeEach
  void proxyAndNamespace() {
    moto = harness.moto();
    proxy = harness.closeAfterTest(AwsProxy.in(moto.endpoint()));
    namespace = harness.namespace();
  }

  @Test
  void webIdentityTokenAloneIsEnoughAndARotatedTokenIsReadAtRefresh() throws IOException {
    Path token = dir.resolve("token");
    Files.writeString(token, "token-one");
    Map<String, String> env = envWithoutKeys();
    env.put("AWS_ROLE_ARN", OPERATOR_ROLE);
    env.put("AWS_WEB_IDENTITY_TOKEN_FILE", token.toString());
    // The first session STS hands out ends in two minutes: valid, but inside the SDK's five-minute refresh window.
    proxy.rewriteNextResponse("AssumeRoleWithWebIdentity", xml -> xml.replaceAll("<Expiration>[^<]*</Expiration>",
        "<Expiration>" + Instant.now().plus(Duration.ofMinutes(2)) + "</Expiration>"));
    moto.createSecret(namespace + "/irsa", "{\"password\":\"via-irsa\"}");

    try (OperatorRuntime operator = OperatorHarness.start(client, env)) {
      create("irsa", spec -> spec.setSecretId(namespace + "/irsa"));
      await().atMost(Duration.ofSeconds(30)).until(() -> secret(client, namespace, "irsa") != null);

      AwsProxy.Recorded first = proxy.requests("AssumeRoleWithWebIdentity").get(0);
      assertThat(first.body()).contains("WebIdentityToken=token-one", "RoleArn=" + encode(OPERATOR_ROLE),
          "RoleSessionName=externaldbsecret-operator");
      assertThat(first.authorization()).isNull();
      assertThat(secretReads()).isNotEmpty()
          .allSatisfy(r -> assertThat(r.accessKeyId()).isEqualTo(accessKeyIn(first.response())));

      rotate(token, "token-two");
      forceSync("irsa", "after-rotation");

      await().atMost(Duration.ofSeconds(30)).until(() -> proxy.requests("AssumeRoleWithWebIdentity").stream()
          .anyMatch(r -> r.body().contains("WebIdentityToken=token-two")));
      List<AwsProxy.Recorded> exchanges = proxy.requests("AssumeRoleWithWebIdentity");
      AwsProxy.Recorded refreshed = exchanges.get(exchanges.size() - 1);
      assertThat(refreshed.body()).contains("WebIdentityToken=token-two");

      forceSync("irsa", "cached-1");
      forceSync("irsa", "cached-2");
      assertThat(proxy.requests("AssumeRoleWithWebIdentity")).extracting(r -> tokenIn(r.body()))
          .containsExactly("token-one", "token-two");
      AwsProxy.Recorded lastRead = secretReads().get(secretReads().size() - 1);
      assertThat(lastRead.accessKeyId()).isEqualTo(accessKeyIn(refreshed.response()));
    }
  }

  @Test
  void roleArnIsAssumedAsTheResourceWithTheNamespaceTagOncePerSession() {
    moto.createSecret(namespace + "/payments", "{\"password\":\"via-role\"}");
    try (OperatorRuntime operator = OperatorHarness.start(client, env())) {
      create("reader", spec -> {
        spec.setSecretId(namespace + "/payments");
        spec.setRoleArn(READER_ROLE);
        spec.setExternalId("payments-ext-42");
      });
      await().atMost(Duration.ofSeconds(30)).until(() -> secret(client, namespace, "reader") != null);

      AwsProxy.Recorded assume = proxy.requests("AssumeRole").get(0);
      assertThat(assume.body()).contains("RoleArn=" + encode(READER_ROLE),
          "RoleSessionName=" + namespace + ".reader", "ExternalId=payments-ext-42",
          "Tags.member.1.Key=dbsecrets-namespace", "Tags.member.1.Value=" + namespace);
      assertThat(assume.accessKeyId()).isEqualTo("testing");
      assertThat(secretReads()).isNotEmpty()
          .allSatisfy(r -> assertThat(r.accessKeyId()).isEqualTo(accessKeyIn(assume.response())));

      forceSync("reader", "1");
      forceSync("reader", "2");
      forceSync("reader", "3");
      assertThat(secretReads()).hasSizeGreaterThanOrEqualTo(4);
      assertThat(proxy.requests("AssumeRole")).hasSize(1);
      assertThat(AwsCallCounter.calls(operator.metrics().registry(), "AssumeRole")).isEqualTo(1);

      create("reader-2", spec -> {
        spec.setSecretId(namespace + "/payments");
        spec.setRoleArn(READER_ROLE);
      });
      await().atMost(Duration.ofSeconds(30)).until(() -> secret(client, namespace, "reader-2") != null);
      assertThat(proxy.requests("AssumeRole")).hasSize(2);
      assertThat(proxy.requests("AssumeRole").get(1).body()).contains("RoleSessionName=" + namespace + ".reader-2")
          .doesNotContain("ExternalId");
    }
  }

  /**
   * The SDK's container provider reads AWS_CONTAINER_CREDENTIALS_FULL_URI and AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE
   * from the environment or, first, from the equivalent system properties; a test can only set the latter.
   */
  @Test
  void podIdentityAgentCredentialsAreUsedAndCached() throws IOException {
    Path token = dir.resolve("eks-pod-identity-token");
    Files.writeString(token, "pod-identity-token");
    moto.createSecret(namespace + "/pod", "{\"password\":\"via-pod-identity\"}");
    try (PodIdentityAgent agent = PodIdentityAgent.start("pod-identity-token")) {
      System.setProperty("aws.containerCredentialsFullUri", agent.credentialsUri().toString());
      System.setProperty("aws.containerAuthorizationTokenFile", token.toString());
      try (OperatorRuntime operator = OperatorHarness.start(client, envWithoutKeys())) {
        create("pod", spec -> spec.setSecretId(namespace + "/pod"));
        await().atMost(Duration.ofSeconds(30)).until(() -> secret(client, namespace, "pod") != null);
        forceSync("pod", "1");
        forceSync("pod", "2");

        assertThat(agent.authorizations()).containsExactly("pod-identity-token");
        assertThat(secretReads()).hasSizeGreaterThanOrEqualTo(3)
            .allSatisfy(r -> assertThat(r.accessKeyId()).isEqualTo(PodIdentityAgent.ACCESS_KEY_ID));
      } finally {
        System.clearProperty("aws.containerCredentialsFullUri");
        System.clearProperty("aws.containerAuthorizationTokenFile");
      }
    }
  }

  /** The operator's settings with STS and Secrets Manager behind the proxy, and the harness's access keys. */
  private Map<String, String> env() {
    return new HashMap<>(OperatorHarness.config(moto, Map.of(
        "DBSECRETS_WATCH_NAMESPACES", namespace,
        "AWS_ENDPOINT_URL_STS", proxy.endpoint().toString(),
        "AWS_ENDPOINT_URL_SECRETS_MANAGER", proxy.endpoint().toString())));
  }

  private Map<String, String> envWithoutKeys() {
    Map<String, String> env = env();
    env.remove("AWS_ACCESS_KEY_ID");
    env.remove("AWS_SECRET_ACCESS_KEY");
    return env;
  }

  private List<AwsProxy.Recorded> secretReads() {
    return proxy.requests().stream().filter(r -> r.api().endsWith("GetSecretValue")).toList();
  }

  private void create(String name, Consumer<ExternalDbSecretSpec> spec) {
    new Edbs(client, namespace).create(name, spec);
  }

  /**
   * Asks for a sync that reads AWS (no shared answer) and waits until the operator has done it. It waits for the
   * status of the sync before first: asked while that status was still being written, the force-sync could be
   * served the first sync's shared answer, without a read of its own (seen on a loaded machine).
   */
  private void forceSync(String name, String value) {
    await().atMost(Duration.ofSeconds(30)).until(() -> "True/Synced".equals(OperatorHarness.readyReason(client,
        namespace, name)));
    new Edbs(client, namespace).forceSync(name, value);
    await().atMost(Duration.ofSeconds(30)).until(() -> {
      ExternalDbSecret r = client.resources(ExternalDbSecret.class).inNamespace(namespace).withName(name).get();
      return r.getStatus() != null && Objects.equals(value, r.getStatus().getForceSyncHandled());
    });
  }

  /** Replaces the token file in one step, as the kubelet does when it rotates a projected token. */
  private void rotate(Path token, String value) throws IOException {
    Path next = dir.resolve("token.next");
    Files.writeString(next, value);
    Files.move(next, token, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static String accessKeyIn(String stsResponse) {
    Matcher m = ACCESS_KEY.matcher(stsResponse);
    assertThat(m.find()).as("access key in STS answer").isTrue();
    return m.group(1);
  }

  private static String tokenIn(String assumeRoleWithWebIdentity) {
    Matcher m = Pattern.compile("WebIdentityToken=([^&]*)").matcher(assumeRoleWithWebIdentity);
    return m.find() ? m.group(1) : null;
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
