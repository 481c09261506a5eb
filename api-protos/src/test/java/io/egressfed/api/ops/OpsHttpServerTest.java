package io.egressfed.api.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OpsHttpServerTest {

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final List<String> notReadyBecause = new CopyOnWriteArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();
  private OpsHttpServer server;

  @BeforeEach
  void start() throws Exception {
    server =
        OpsHttpServer.start(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            registry,
            () -> List.copyOf(notReadyBecause));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void healthzAnswersWhileTheProcessRuns() throws Exception {
    assertThat(get("/healthz").statusCode()).isEqualTo(200);
  }

  @Test
  void readyzReportsWhatKeepsTheProcessFromBeingReady() throws Exception {
    assertThat(get("/readyz").statusCode()).isEqualTo(200);

    notReadyBecause.add("store unreachable");
    HttpResponse<String> notReady = get("/readyz");

    assertThat(notReady.statusCode()).isEqualTo(503);
    assertThat(notReady.body()).contains("store unreachable");
  }

  @Test
  void metricsExposeTheRegistryInPrometheusText() throws Exception {
    Counter pushes =
        Counter.builder().name("egressfed_test_pushes_total").help("pushes").register(registry);
    pushes.inc(3);

    HttpResponse<String> metrics = get("/metrics");

    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("text/plain"));
    assertThat(metrics.body())
        .contains("# TYPE egressfed_test_pushes_total counter")
        .contains("egressfed_test_pushes_total 3.0");
  }

  private HttpResponse<String> get(String path) throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + server.port() + path);
    return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
  }
}
