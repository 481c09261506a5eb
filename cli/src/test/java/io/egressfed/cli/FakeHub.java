package io.egressfed.cli;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A plain-HTTP stand-in for the hub that records requests and answers every one alike. */
final class FakeHub implements AutoCloseable {

    /** One request as received. */
    record Request(String method, String pathAndQuery, String authorization, String body) {
    }

    /** The outcome of one egressctl run. */
    record Run(int exitCode, String out, String err) {
    }

    final List<Request> requests = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private volatile int status = 200;
    private volatile String body = "{\"apiVersion\": \"v1\", \"kind\": \"List\", \"items\": []}";

    FakeHub() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String query = exchange.getRequestURI().getRawQuery();
            requests.add(new Request(exchange.getRequestMethod(),
                    exchange.getRequestURI().getRawPath() + (query == null ? "" : "?" + query),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            byte[] answer = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void answer(int status, String body) {
        this.status = status;
        this.body = body;
    }

    Request last() {
        return requests.get(requests.size() - 1);
    }

    static Run run(Map<String, String> environment, Path home, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = EgressCtl.run(new CliContext(new PrintWriter(out), new PrintWriter(err),
                new ByteArrayInputStream(new byte[0]), environment, home), args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
