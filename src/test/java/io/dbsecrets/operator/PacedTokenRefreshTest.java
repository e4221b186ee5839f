package io.dbsecrets.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbsecrets.operator.support.SettableClock;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.StandardHttpRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PacedTokenRefreshTest {
  @TempDir
  Path dir;

  private final SettableClock clock = new SettableClock(Instant.parse("2026-11-29T12:00:00Z"));

  @Test
  void rereadsAKubeconfigWithoutTokenAtMostOnceAMinute() throws IOException {
    Path kubeconfig = writeKubeconfig(null);
    Config config = Config.fromKubeconfig(null, kubeconfig.toFile());
    PacedTokenRefresh refresh = new PacedTokenRefresh(config, new BoundedJdkHttpClientFactory(), clock);

    clock.advance(Duration.ofSeconds(61));
    assertThat(authorization(refresh)).as("the refresh a minute on finds no token").isNull();
    writeKubeconfig("rotated");
    clock.advance(Duration.ofSeconds(30));
    // fabric8's own interceptor re-reads on every request until a refresh finds a token: it would send it here
    assertThat(authorization(refresh)).as("within the minute: the kubeconfig is not read again").isNull();
    clock.advance(Duration.ofSeconds(31));
    assertThat(authorization(refresh)).isEqualTo("Bearer rotated");
  }

  @Test
  void sendsTheTokenOfTheLastRefreshBetweenRefreshes() throws IOException {
    Path kubeconfig = writeKubeconfig("first");
    Config config = Config.fromKubeconfig(null, kubeconfig.toFile());
    PacedTokenRefresh refresh = new PacedTokenRefresh(config, new BoundedJdkHttpClientFactory(), clock);
    assertThat(authorization(refresh)).isEqualTo("Bearer first");

    writeKubeconfig("second");
    clock.advance(Duration.ofSeconds(59));
    assertThat(authorization(refresh)).isEqualTo("Bearer first");
    clock.advance(Duration.ofSeconds(2));
    assertThat(authorization(refresh)).isEqualTo("Bearer second");
    clock.advance(Duration.ofSeconds(10));
    assertThat(authorization(refresh)).as("kept after the refresh").isEqualTo("Bearer second");
  }

  private String authorization(PacedTokenRefresh refresh) {
    HttpRequest.Builder builder = new StandardHttpRequest.Builder().uri("https://kube.example:6443/api");
    refresh.before(builder, builder.build(), null);
    return builder.build().header("Authorization");
  }

  private Path writeKubeconfig(String token) throws IOException {
    Path file = dir.resolve("kubeconfig");
    Files.writeString(file, """
        apiVersion: v1
        kind: Config
        clusters:
        - name: c
          cluster:
            server: https://kube.example:6443
        users:
        - name: u
          user: %s
        contexts:
        - name: ctx
          context:
            cluster: c
            user: u
        current-context: ctx
        """.formatted(token == null ? "{}" : "{token: " + token + "}"));
    return file;
  }
}
