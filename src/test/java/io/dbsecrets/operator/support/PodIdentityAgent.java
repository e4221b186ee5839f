package io.dbsecrets.operator.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for the EKS Pod Identity agent on loopback: answers GET /v1/credentials with the container
 * credentials JSON the agent serves, but only when the Authorization header carries the expected token, and
 * records the Authorization header of every request.
 */
public final class PodIdentityAgent implements AutoCloseable {
  public static final String ACCESS_KEY_ID = "ASIAPODIDENTITYTEST";
  private final HttpServer server;
  private volatile String expectedToken;
  private final List<String> authorizations = new CopyOnWriteArrayList<>();
  private volatile Duration lifetime = Duration.ofHours(6);
  private volatile java.util.function.BiConsumer<String, Instant> onIssue;
  private final java.util.concurrent.atomic.AtomicInteger issued = new java.util.concurrent.atomic.AtomicInteger();

  private PodIdentityAgent(String expectedToken) throws IOException {
    this.expectedToken = expectedToken;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/v1/credentials", this::handle);
    server.start();
  }

  public static PodIdentityAgent start(String expectedToken) {
    try {
      return new PodIdentityAgent(expectedToken);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** What AWS_CONTAINER_CREDENTIALS_FULL_URI points at. */
  public URI credentialsUri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/credentials");
  }

  /** Accepts only {@code token} from now on, as the real agent does once the kubelet rotated the token. */
  public void expect(String token) {
    this.expectedToken = token;
  }

  /**
   * Hands out credentials that end after {@code lifetime}, each with an access key of its own, and tells
   * {@code onIssue} which key ends when.
   */
  public void issueSessions(Duration lifetime, java.util.function.BiConsumer<String, Instant> onIssue) {
    this.lifetime = lifetime;
    this.onIssue = onIssue;
  }

  /** The Authorization header of each request, in order (null when absent). */
  public List<String> authorizations() {
    return List.copyOf(authorizations);
  }

  private void handle(HttpExchange exchange) throws IOException {
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    authorizations.add(authorization);
    if (!expectedToken.equals(authorization)) {
      send(exchange, 401, "{\"message\":\"invalid token\"}");
      return;
    }
    java.util.function.BiConsumer<String, Instant> listener = onIssue;
    String key = listener == null ? ACCESS_KEY_ID : ACCESS_KEY_ID + issued.incrementAndGet();
    Instant ends = Instant.now().plus(lifetime);
    if (listener != null) {
      listener.accept(key, ends);
    }
    send(exchange, 200, "{\"AccessKeyId\":\"" + key + "\",\"SecretAccessKey\":\"pod-identity-secret\","
        + "\"Token\":\"pod-identity-session\",\"AccountId\":\"123456789012\",\"Expiration\":\"" + ends + "\"}");
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
