package io.egressfed.api.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The operations endpoints every egressfed process serves: {@code /healthz} (the process runs),
 * {@code /readyz} (it can do its job; 503 with the reasons otherwise) and {@code /metrics}
 * (Prometheus text exposition of the given registry).
 */
public final class OpsHttpServer implements AutoCloseable {

  private final HttpServer server;
  private final ExecutorService executor;

  private OpsHttpServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * Starts the server.
   *
   * @param address where to listen (port 0 picks a free port)
   * @param registry the metrics to expose
   * @param readiness what keeps the process from being ready; an empty list means ready
   * @return the running server
   * @throws IOException when the address cannot be bound
   */
  public static OpsHttpServer start(
      InetSocketAddress address, PrometheusRegistry registry, Supplier<List<String>> readiness)
      throws IOException {
    HttpServer server = HttpServer.create(address, 0);
    ExecutorService executor =
        Executors.newFixedThreadPool(
            2,
            runnable -> {
              Thread thread = new Thread(runnable, "ops-http");
              thread.setDaemon(true);
              return thread;
            });
    server.setExecutor(executor);
    server.createContext("/healthz", exchange -> respond(exchange, 200, "ok\n"));
    server.createContext(
        "/readyz",
        exchange -> {
          List<String> problems = readiness.get();
          if (problems.isEmpty()) {
            respond(exchange, 200, "ready\n");
          } else {
            respond(exchange, 503, "not ready: " + String.join("; ", problems) + "\n");
          }
        });
    PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    server.createContext(
        "/metrics",
        exchange -> {
          ByteArrayOutputStream body = new ByteArrayOutputStream();
          writer.write(body, registry.scrape(), EscapingScheme.ALLOW_UTF8);
          exchange.getResponseHeaders().set("Content-Type", writer.getContentType());
          send(exchange, 200, body.toByteArray());
        });
    server.start();
    return new OpsHttpServer(server, executor);
  }

  /**
   * The port actually bound.
   *
   * @return the port
   */
  public int port() {
    return server.getAddress().getPort();
  }

  /** Stops serving; requests in flight get up to one second. */
  @Override
  public void close() {
    server.stop(1);
    executor.shutdownNow();
  }

  private static void respond(HttpExchange exchange, int status, String text) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    send(exchange, status, text.getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
    if ("HEAD".equals(exchange.getRequestMethod())) {
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
      return;
    }
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
