package io.dbsecrets.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dbsecrets.operator.support.AwsProxy;
import io.dbsecrets.operator.support.MotoServer;
import io.dbsecrets.operator.support.PodIdentityAgent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import java.util.function.IntSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's credentials outlive the sessions they are made of: sessions STS (IRSA, per-resource roles) and the
 * Pod Identity agent hand out end after {@link #LIFETIME}, and the proxy in front of moto refuses a request signed
 * with an ended session, as AWS does. Reads go on across several sessions; none may fail or use an ended session,
 * and each renewal presents the token file's content of that moment (the kubelet rotates it). The credential
 * providers run with the operator's settings; the SDK refreshes a session once it is within a minute of its end,
 * so a lifetime this short is renewed at the next read, and the test needs a few seconds, not an hour. The three
 * identities run at the same time, each with its own proxy and clients (they spend their time waiting for sessions
 * to end); only the Pod Identity test reads the SDK's container settings, which no other identity consults.
 */
@Tag("slow")
@Execution(ExecutionMode.CONCURRENT)
class CredentialsAcrossExpiryTest {
  private static final Duration LIFETIME = Duration.ofSeconds(3);
  private static final int SESSIONS = 4;
  private static final String SECRET = "expiry/db";
  MotoServer moto;
  AwsProxy proxy;
  AwsClients clients;
  @TempDir
  Path dir;

  @BeforeAll
  static void oneSecret() {
    MotoServer moto = MotoServer.shared();
    moto.reset();
    moto.createSecret(SECRET, "p");
  }

  @BeforeEach
  void startAws() {
    moto = MotoServer.shared();
    proxy = AwsProxy.in(moto.endpoint());
    proxy.expireSessionsAfter(LIFETIME);
  }

  @AfterEach
  void stopAws() {
    if (clients != null) {
      clients.close();
    }
    proxy.close();
  }

  @Test
  void irsaSessionIsRenewedBeforeItEndsWithTheTokenFileAsItIsThen() {
    Path token = dir.resolve("token");
    rotate(token, "token-1");
    clients = clients(Map.of("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/operator",
        "AWS_WEB_IDENTITY_TOKEN_FILE", token.toString()));

    readAcrossSessions(AwsIdentity.operator(), () -> (int) proxy.count("AssumeRoleWithWebIdentity"),
        session -> rotate(token, "token-" + (session + 1)));

    List<String> tokens = proxy.requests("AssumeRoleWithWebIdentity").stream().map(r -> tokenIn(r.body())).toList();
    assertThat(tokens).hasSizeGreaterThanOrEqualTo(SESSIONS);
    for (int i = 0; i < tokens.size(); i++) {
      assertThat(tokens.get(i)).as("renewal %s presents the token of its time", i + 1).isEqualTo("token-" + (i + 1));
    }
  }

  @Test
  void assumedRoleSessionOfAResourceIsRenewedBeforeItEnds() {
    clients = clients(Map.of("AWS_ACCESS_KEY_ID", "testing", "AWS_SECRET_ACCESS_KEY", "testing"));

    readAcrossSessions(AwsIdentity.assumedRole("arn:aws:iam::123456789012:role/reader", null, "ns.reader", "ns"),
        () -> (int) proxy.count("AssumeRole"), session -> {});

    assertThat(proxy.requests("AssumeRole")).allSatisfy(r -> assertThat(r.accessKeyId()).isEqualTo("testing"));
  }

  @Test
  void podIdentityCredentialsAreRenewedBeforeTheyEndWithTheTokenFileAsItIsThen() {
    Path token = dir.resolve("eks-pod-identity-token");
    rotate(token, "token-1");
    try (PodIdentityAgent agent = PodIdentityAgent.start("token-1")) {
      agent.issueSessions(LIFETIME, proxy::sessionExpires);
      // the SDK's container provider reads these as system properties first; a test cannot set the environment
      System.setProperty("aws.containerCredentialsFullUri", agent.credentialsUri().toString());
      System.setProperty("aws.containerAuthorizationTokenFile", token.toString());
      try {
        clients = clients(Map.of());
        readAcrossSessions(AwsIdentity.operator(), () -> agent.authorizations().size(), session -> {
          rotate(token, "token-" + (session + 1));
          agent.expect("token-" + (session + 1));
        });
        List<String> presented = agent.authorizations();
        assertThat(presented).hasSizeGreaterThanOrEqualTo(SESSIONS);
        for (int i = 0; i < presented.size(); i++) {
          assertThat(presented.get(i)).isEqualTo("token-" + (i + 1));
        }
      } finally {
        System.clearProperty("aws.containerCredentialsFullUri");
        System.clearProperty("aws.containerAuthorizationTokenFile");
      }
    }
  }

  /**
   * Reads the secret again and again until {@link #SESSIONS} sessions were handed out and a read came after the
   * first one ended; {@code onNewSession} sees each session's number as it appears. No read may fail, and every
   * read must have been signed with a session that had not ended.
   */
  private void readAcrossSessions(AwsIdentity identity, IntSupplier sessions, IntConsumer onNewSession) {
    SecretSource source = new SecretsManagerSource(clients);
    SecretRequest request = new SecretRequest(SECRET, MotoServer.REGION, null, null, identity);
    List<String> failures = new ArrayList<>();
    int[] seen = {0};
    Instant[] firstEnds = {null};
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
      try {
        assertThat(source.fetch(request, Duration.ZERO).secretString()).isEqualTo("p");
      } catch (FetchFailure failure) {
        failures.add(failure.getMessage());
      }
      int now = sessions.getAsInt();
      while (seen[0] < now) {
        onNewSession.accept(++seen[0]);
      }
      if (firstEnds[0] == null) {
        firstEnds[0] = reads().stream().map(r -> proxy.sessionExpiry(r.accessKeyId())).filter(e -> e != null)
            .findFirst().orElse(null);
      }
      return now >= SESSIONS && firstEnds[0] != null && Instant.now().isAfter(firstEnds[0]);
    });
    assertThat(failures).as("reads that failed").isEmpty();
    assertThat(reads()).as("reads signed with a session that had ended").allSatisfy(r -> {
      assertThat(proxy.sessionExpiry(r.accessKeyId())).as("a session the test issued").isNotNull();
      assertThat(r.at()).isBefore(proxy.sessionExpiry(r.accessKeyId()));
    });
  }

  private List<AwsProxy.Recorded> reads() {
    return proxy.requests("GetSecretValue");
  }

  private AwsClients clients(Map<String, String> env) {
    return new AwsClients(new AwsSettings(MotoServer.REGION, proxy.endpoint(), Duration.ofSeconds(20)),
        AwsCallListener.NONE, env);
  }

  /** Replaces the token file in one step, as the kubelet does when it rotates a projected token. */
  private void rotate(Path token, String value) {
    try {
      Path next = dir.resolve(token.getFileName() + ".next");
      Files.writeString(next, value);
      Files.move(next, token, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String tokenIn(String assumeRoleWithWebIdentity) {
    Matcher m = Pattern.compile("WebIdentityToken=([^&]*)").matcher(assumeRoleWithWebIdentity);
    return m.find() ? m.group(1) : null;
  }
}
