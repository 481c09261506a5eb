package io.egressfed.e2e.lab.chaos;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The hub replicas' admin REST API for the chaos runner: each request goes to the next replica in turn
 * and, when that one refuses the connection (killed), to the one after it.
 */
final class AdminApi {

    static final String API = "/api/v1alpha1/";
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

    /** An answer: status and body. */
    record Response(int status, String body) {
        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    private final List<Integer> ports;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final AtomicInteger next = new AtomicInteger();

    /**
     * @param ports the replicas' admin ports on loopback
     * @param token the admin bearer token
     */
    AdminApi(List<Integer> ports, String token) {
        this.ports = List.copyOf(ports);
        this.token = token;
    }

    /** GET {@code /api/v1alpha1/PATH}. */
    CompletableFuture<Response> get(String path) {
        return send("GET", path, null);
    }

    /** PUT (create or update) a JSON object at {@code /api/v1alpha1/PATH}. */
    CompletableFuture<Response> put(String path, String json) {
        return send("PUT", path, json);
    }

    /** POST a JSON body to {@code /api/v1alpha1/PATH}. */
    CompletableFuture<Response> post(String path, String json) {
        return send("POST", path, json);
    }

    private CompletableFuture<Response> send(String method, String path, String body) {
        int first = Math.floorMod(next.getAndIncrement(), ports.size());
        return attempt(method, path, body, first, 0);
    }

    private CompletableFuture<Response> attempt(String method, String path, String body, int first, int tried) {
        int port = ports.get((first + tried) % ports.size());
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + API + path))
                .timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                .thenApply(response -> new Response(response.statusCode(), response.body()))
                .handle((response, failure) -> {
                    if (failure == null) {
                        return CompletableFuture.completedFuture(response);
                    }
                    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                            ? failure.getCause() : failure;
                    if (cause instanceof ConnectException && tried + 1 < ports.size()) {
                        return attempt(method, path, body, first, tried + 1);
                    }
                    return CompletableFuture.<Response>failedFuture(cause instanceof IOException ? cause
                            : new IOException(method + " " + path + ": " + cause, cause));
                })
                .thenCompose(response -> response);
    }
}
