package io.dbsecrets.operator.support;

import io.dbsecrets.operator.aws.AwsCallListener;
import io.dbsecrets.operator.aws.AwsClients;
import io.dbsecrets.operator.aws.AwsSettings;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An HTTP proxy in front of moto that records each AWS exchange (its API, from X-Amz-Target or the Query Action,
 * the request body, the signing access key, then the answer) and can answer chosen APIs with an AWS error instead,
 * as AWS itself would, delay them, or alter the next answer to one.
 */
public final class AwsProxy implements AutoCloseable {
  private static final Set<String> HOP_HEADERS = Set.of("host", "content-length", "connection", "transfer-encoding",
      "expect", "upgrade");
  private final HttpServer server;
  private final URI target;
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<Recorded> requests = new CopyOnWriteArrayList<>();
  private final Map<String, Fault> faults = new ConcurrentHashMap<>();
  private final Map<String, java.time.Duration> delays = new ConcurrentHashMap<>();
  private final Map<String, UnaryOperator<String>> rewrites = new ConcurrentHashMap<>();
  private final Map<String, java.time.Instant> sessionExpiries = new ConcurrentHashMap<>();
  private volatile java.time.Duration sessionLifetime;
  private static final Pattern ACCESS_KEY = Pattern.compile("<AccessKeyId>([^<]+)</AccessKeyId>");
  private static final Set<String> ASSUME_ROLE_APIS = Set.of("AssumeRole", "AssumeRoleWithWebIdentity");

  /** One request, recorded as it arrives; its answer is filled in once the proxy has sent it. */
  public static final class Recorded {
    private static final Pattern CREDENTIAL = Pattern.compile("Credential=([^/]+)/");
    private final String api;
    private final String body;
    private final String authorization;
    private final java.time.Instant at = java.time.Instant.now();
    private volatile String response;

    Recorded(String api, String body, String authorization) {
      this.api = api;
      this.body = body;
      this.authorization = authorization;
    }

    /** When the request arrived. */
    public java.time.Instant at() {
      return at;
    }

    public String api() {
      return api;
    }

    public String body() {
      return body;
    }

    /** The request's Authorization header, or null (unsigned, e.g. AssumeRoleWithWebIdentity). */
    public String authorization() {
      return authorization;
    }

    /** The body of the answer the client got, or null while there is none yet. */
    public String response() {
      return response;
    }

    /** The access key the request was signed with (SigV4 "Credential=KEY/date/..."), or null. */
    public String accessKeyId() {
      Matcher m = authorization == null ? null : CREDENTIAL.matcher(authorization);
      return m != null && m.find() ? m.group(1) : null;
    }
  }

  private record Fault(int status, String code, String message) {}

  private AwsProxy(URI target) throws IOException {
    this.target = target;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.start();
  }

  public static AwsProxy in(URI target) {
    try {
      return new AwsProxy(target);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** The operator's AWS clients, calling through this proxy with moto's test keys and a 20 s call timeout. */
  public AwsClients operatorClients() {
    return new AwsClients(new AwsSettings(MotoServer.REGION, endpoint(), Duration.ofSeconds(20)),
        AwsCallListener.NONE, Map.of("AWS_ACCESS_KEY_ID", "testing", "AWS_SECRET_ACCESS_KEY", "testing"));
  }

  /** Answers every later call of {@code api} (e.g. "BatchGetSecretValue") with this AWS JSON error. */
  public void fail(String api, int status, String code, String message) {
    faults.put(api, new Fault(status, code, message));
  }

  /** Answers every later call of {@code api} as AWS does when it throttles: 400 ThrottlingException. */
  public void throttle(String api) {
    fail(api, 400, "ThrottlingException", "Rate exceeded");
  }

  /** Requests to {@code api} the proxy answered with the AWS error {@code code} (its own faults and moto's). */
  public long answeredWith(String api, String code) {
    return requests(api).stream().filter(r -> r.response() != null && r.response().contains("\"" + code + "\""))
        .count();
  }

  /** Holds every later call of {@code api} this long before answering, like a slow or unreachable AWS. */
  public void delay(String api, java.time.Duration delay) {
    delays.put(api, delay);
  }

  /**
   * Makes every session STS hands out from now on end after {@code lifetime} (its Expiration rewritten), and answers
   * a request signed with a session that has ended with 400 ExpiredTokenException, as AWS does.
   */
  public void expireSessionsAfter(java.time.Duration lifetime) {
    this.sessionLifetime = lifetime;
  }

  /** Treats the session of {@code accessKeyId} (issued elsewhere, e.g. by a Pod Identity agent) as ending then. */
  public void sessionExpires(String accessKeyId, java.time.Instant at) {
    sessionExpiries.put(accessKeyId, at);
  }

  /** When the session of {@code accessKeyId} ends, or null if the proxy does not know it. */
  public java.time.Instant sessionExpiry(String accessKeyId) {
    return accessKeyId == null ? null : sessionExpiries.get(accessKeyId);
  }

  /** Answers every API normally again. */
  public void heal() {
    faults.clear();
    delays.clear();
  }

  /** Passes the next answer to {@code api} through {@code change} before the client sees it. */
  public void rewriteNextResponse(String api, UnaryOperator<String> change) {
    rewrites.put(api, change);
  }

  public List<Recorded> requests() {
    return List.copyOf(requests);
  }

  public List<Recorded> requests(String api) {
    return requests.stream().filter(r -> r.api().equals(api)).toList();
  }

  public long count(String api) {
    return requests.stream().filter(r -> r.api().equals(api)).count();
  }

  private void handle(HttpExchange exchange) throws IOException {
    byte[] body = exchange.getRequestBody().readAllBytes();
    String text = new String(body, StandardCharsets.UTF_8);
    String api = apiOf(exchange, text);
    Recorded recorded = new Recorded(api, text, exchange.getRequestHeaders().getFirst("Authorization"));
    requests.add(recorded);
    java.time.Duration delay = delays.get(api);
    if (delay != null) {
      try {
        Thread.sleep(delay.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    Fault fault = faults.get(api);
    java.time.Instant expiry = sessionExpiry(recorded.accessKeyId());
    if (fault == null && expiry != null && !java.time.Instant.now().isBefore(expiry)) {
      fault = new Fault(400, "ExpiredTokenException", "The security token included in the request is expired");
    }
    if (fault != null) {
      byte[] error = ("{\"__type\":\"" + fault.code() + "\",\"message\":\"" + fault.message() + "\"}")
          .getBytes(StandardCharsets.UTF_8);
      recorded.response = new String(error, StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
      exchange.getResponseHeaders().set("x-amzn-ErrorType", fault.code());
      send(exchange, fault.status(), error);
      return;
    }
    HttpRequest.Builder forward = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().toString()))
        .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
    exchange.getRequestHeaders().forEach((name, values) -> {
      if (!HOP_HEADERS.contains(name.toLowerCase())) {
        values.forEach(v -> forward.header(name, v));
      }
    });
    try {
      HttpResponse<byte[]> response = http.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
      response.headers().map().forEach((name, values) -> {
        if (!HOP_HEADERS.contains(name.toLowerCase()) && !name.startsWith(":")) {
          exchange.getResponseHeaders().put(name, values);
        }
      });
      String answer = new String(response.body(), StandardCharsets.UTF_8);
      UnaryOperator<String> rewrite = rewrites.remove(api);
      if (rewrite != null) {
        answer = rewrite.apply(answer);
      }
      java.time.Duration lifetime = sessionLifetime;
      if (lifetime != null && ASSUME_ROLE_APIS.contains(api) && response.statusCode() == 200) {
        java.time.Instant ends = java.time.Instant.now().plus(lifetime);
        answer = answer.replaceAll("<Expiration>[^<]*</Expiration>", "<Expiration>" + ends + "</Expiration>");
        Matcher key = ACCESS_KEY.matcher(answer);
        if (key.find()) {
          sessionExpiries.put(key.group(1), ends);
        }
      }
      recorded.response = answer;
      send(exchange, response.statusCode(), answer.getBytes(StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      send(exchange, 502, new byte[0]);
    }
  }

  private static String apiOf(HttpExchange exchange, String body) {
    String amzTarget = exchange.getRequestHeaders().getFirst("X-Amz-Target");
    if (amzTarget != null) {
      return amzTarget.substring(amzTarget.indexOf('.') + 1);
    }
    for (String pair : body.split("&")) {
      if (pair.startsWith("Action=")) {
        return pair.substring("Action=".length());
      }
    }
    return exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
  }

  private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
