package io.dbsecrets.operator.health;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/** Serves /healthz, /readyz and /metrics on one port. */
public class HttpEndpoints implements AutoCloseable {
  private final HttpServer server;

  /** @param metrics the Prometheus text exposition, computed anew for each scrape */
  public HttpEndpoints(int port, Supplier<HealthReport> health, Supplier<String> metrics) throws IOException {
    server = HttpServer.create(new InetSocketAddress(port), 0);
    server.createContext("/healthz", exchange -> {
      HealthReport report = health.get();
      respond(exchange, report.live() ? 200 : 503, report.describe(), "text/plain");
    });
    server.createContext("/readyz", exchange -> {
      HealthReport report = health.get();
      respond(exchange, report.ready() ? 200 : 503, report.describe(), "text/plain");
    });
    server.createContext("/metrics", exchange -> {
      String body;
      try {
        body = metrics.get();
      } catch (RuntimeException e) {
        // Without an answer the scrape would hang until Prometheus times out; a 500 says at once what broke.
        respond(exchange, 500, "metrics unavailable: " + e + "\n", "text/plain");
        return;
      }
      respond(exchange, 200, body, "text/plain; version=0.0.4; charset=utf-8");
    });
    server.setExecutor(Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "http-endpoints");
      t.setDaemon(true);
      return t;
    }));
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void respond(HttpExchange exchange, int status, String body, String type) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
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
