package io.dbsecrets.operator.support;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * A moto_server process on a free loopback port: real Secrets Manager and STS protocol for the real SDK. Tests
 * administer AWS through {@link #admin()}, a client of their own, never the operator's.
 *
 * <p>Tests share one moto per JVM ({@link #shared()}, normally through {@link OperatorExtension}): starting the Python
 * server costs seconds on a loaded machine, and test classes run one after the other, so a {@link #reset()} between
 * them gives each an empty account.
 */
public final class MotoServer implements AutoCloseable {
  public static final String REGION = "us-east-1";
  private static volatile MotoServer shared;
  private final Process process;
  private final URI endpoint;
  private final SecretsManagerClient admin;

  private MotoServer(Process process, URI endpoint) {
    this.process = process;
    this.endpoint = endpoint;
    this.admin = SecretsManagerClient.builder()
        .endpointOverride(endpoint)
        .region(Region.of(REGION))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("admin", "admin")))
        .build();
  }

  /** The JVM-wide moto, started on first use and stopped when the JVM exits; do not close it. */
  public static synchronized MotoServer shared() {
    if (shared == null) {
      MotoServer started = start();
      Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "moto-stop"));
      shared = started;
    }
    return shared;
  }

  /**
   * Starts a private moto (a benchmark's fresh account); the caller closes it. A port taken between picking and
   * binding is retried on another one.
   */
  public static MotoServer start() {
    return start("127.0.0.1");
  }

  /** Starts moto listening on {@code host}: the node's address, for pods (the pod tier). */
  public static MotoServer start(String host) {
    IllegalStateException failure = null;
    for (int attempt = 1; attempt <= 3; attempt++) {
      try {
        return startOnce(host);
      } catch (IllegalStateException e) {
        failure = e;
      }
    }
    throw failure;
  }

  private static MotoServer startOnce(String host) {
    int port = freePort();
    try {
      File log = File.createTempFile("moto-", ".log");
      Process process = new ProcessBuilder("moto_server", "-H", host, "-p", String.valueOf(port))
          .redirectErrorStream(true).redirectOutput(log).start();
      URI endpoint = URI.create("http://" + host + ":" + port);
      awaitUp(process, endpoint, log);
      return new MotoServer(process, endpoint);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start moto_server (is it installed? pip install 'moto[server]')", e);
    }
  }

  public URI endpoint() {
    return endpoint;
  }

  public SecretsManagerClient admin() {
    return admin;
  }

  /** Forgets every secret, so each test starts from an empty account. */
  public void reset() {
    send(HttpRequest.newBuilder(endpoint.resolve("/moto-api/reset")).POST(HttpRequest.BodyPublishers.noBody()));
  }

  public String createSecret(String name, String value) {
    return admin.createSecret(b -> b.name(name).secretString(value)).versionId();
  }

  /** Creates a secret in another region than {@link #REGION}. */
  public String createSecret(String region, String name, String value) {
    try (SecretsManagerClient regional = SecretsManagerClient.builder()
        .endpointOverride(endpoint)
        .region(Region.of(region))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("admin", "admin")))
        .build()) {
      return regional.createSecret(b -> b.name(name).secretString(value)).versionId();
    }
  }

  public String putSecret(String name, String value) {
    return admin.putSecretValue(b -> b.secretId(name).secretString(value)).versionId();
  }

  /** Stops a private moto; the {@link #shared()} one outlives test classes and stops with the JVM. */
  @Override
  public void close() {
    if (this != shared) {
      stop();
    }
  }

  private void stop() {
    admin.close();
    process.destroy();
  }

  private static void awaitUp(Process process, URI endpoint, File log) {
    Instant deadline = Instant.now().plusSeconds(30);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("moto_server exited; see " + log);
      }
      try {
        if (send(HttpRequest.newBuilder(endpoint.resolve("/moto-api/")).GET()) < 500) {
          return;
        }
      } catch (IllegalStateException notYet) {
        // still starting
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    throw new IllegalStateException("moto_server did not answer within 30s; see " + log);
  }

  private static int send(HttpRequest.Builder request) {
    try {
      return HttpClient.newHttpClient().send(request.timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
