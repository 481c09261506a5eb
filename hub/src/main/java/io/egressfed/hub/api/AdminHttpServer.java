package io.egressfed.hub.api;

import com.google.protobuf.util.JsonFormat;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.egressfed.api.manifest.ManifestCodec;
import io.egressfed.api.pki.TlsIdentity;
import io.egressfed.hub.auth.AdminTokens;
import io.egressfed.hub.auth.BearerTokens;
import io.egressfed.hub.auth.Caller;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API over REST/JSON on its own port (JDK {@code HttpsServer}; plain {@code HttpServer} only
 * when the settings carry no TLS identity). Every request needs {@code Authorization: Bearer <token>};
 * errors are answered as {@code {code, message, details: [{field, reason}]}} (see {@link ApiError}).
 * Routes are listed in {@link RestRoutes}.
 */
public final class AdminHttpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AdminHttpServer.class);
    private static final JsonFormat.Printer ERROR_JSON = JsonFormat.printer();
    private static final char[] KEYSTORE_PASSWORD = "in-memory".toCharArray();
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(1);

    private final AdminHttpSettings settings;
    private final AdminTokens tokens;
    private final RestRoutes routes;
    private final AdminMetrics metrics;
    private HttpServer server;
    private ExecutorService executor;

    /**
     * Creates the server; {@link #start()} binds it.
     *
     * @param settings address, TLS, limits
     * @param operations the admin API core
     * @param tokens authenticates bearer tokens
     * @param metrics where requests are counted
     */
    public AdminHttpServer(AdminHttpSettings settings, AdminOperations operations, AdminTokens tokens,
                           AdminMetrics metrics) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.routes = new RestRoutes(Objects.requireNonNull(operations, "operations"),
                new TokenOperations(Objects.requireNonNull(tokens, "tokens")), ManifestCodec.create());
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /**
     * Binds the address and starts serving.
     *
     * @throws IOException when the address cannot be bound
     * @throws IllegalStateException when already started
     */
    public synchronized void start() throws IOException {
        if (server != null) {
            throw new IllegalStateException("the admin HTTP server is already started");
        }
        HttpServer created = settings.tls().isPresent()
                ? https(settings.address(), settings.tls().get())
                : HttpServer.create(settings.address(), 0);
        AtomicInteger threadNumber = new AtomicInteger();
        executor = Executors.newFixedThreadPool(settings.threads(), runnable -> {
            Thread thread = new Thread(runnable, "admin-http-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        created.setExecutor(executor);
        created.createContext("/", this::handle);
        created.start();
        server = created;
        LOG.info("admin API listening on {}://{}:{}", settings.tls().isPresent() ? "https" : "http",
                created.getAddress().getHostString(), created.getAddress().getPort());
    }

    /**
     * The port actually bound.
     *
     * @return the port
     * @throws IllegalStateException before {@link #start()}
     */
    public synchronized int port() {
        if (server == null) {
            throw new IllegalStateException("the admin HTTP server is not started");
        }
        return server.getAddress().getPort();
    }

    /** Stops serving; requests in flight get up to one second, idle keep-alive connections none. */
    @Override
    public synchronized void close() {
        if (server == null) {
            return;
        }
        executor.shutdown();
        try {
            if (!executor.awaitTermination(SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("admin requests still running after {}; cutting them off", SHUTDOWN_GRACE);
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        // HttpServer.stop(n) would wait out n seconds for idle keep-alive connections too.
        server.stop(0);
        executor.shutdownNow();
        server = null;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String route = "unmatched";
        int status;
        try {
            RestRequest request = RestRequest.of(exchange, settings.maxBodyBytes());
            route = RestRoutes.template(request.method(), request.segments());
            Caller caller = await(tokens.authenticate(BearerTokens.fromAuthorization(
                    exchange.getRequestHeaders().getFirst("Authorization")).orElse(null)));
            RestResponse response = await(routes.serve(caller, request));
            status = send(exchange, response);
        } catch (RuntimeException | IOException | ExecutionException | TimeoutException failure) {
            status = sendError(exchange, ApiError.of(failure));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            status = sendError(exchange, ApiError.of(ErrorCode.UNAVAILABLE, "the hub is shutting down", List.of()));
        } finally {
            exchange.close();
        }
        metrics.record("rest", route, Integer.toString(status));
    }

    private <T> T await(CompletableFuture<T> future)
            throws ExecutionException, TimeoutException, InterruptedException {
        return future.get(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    private static int send(HttpExchange exchange, RestResponse response) throws IOException {
        response.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        write(exchange, response.status(), response.json());
        return response.status();
    }

    private static int sendError(HttpExchange exchange, ApiError error) {
        if (error.code() == ErrorCode.UNAUTHENTICATED) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"egressfed\"");
        }
        try {
            write(exchange, error.code().httpStatus(), ERROR_JSON.print(error.body()) + "\n");
        } catch (IOException | IllegalStateException clientGone) {
            // The client closed the connection, or the response had begun; nothing more can be told.
            LOG.debug("could not send the error response: {}", clientGone.toString());
        }
        return error.code().httpStatus();
    }

    private static void write(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static HttpsServer https(InetSocketAddress address, TlsIdentity identity) throws IOException {
        SSLContext context = sslContext(identity);
        HttpsServer https = HttpsServer.create(address, 0);
        https.setHttpsConfigurator(new HttpsConfigurator(context) {
            @Override
            public void configure(HttpsParameters parameters) {
                SSLParameters ssl = context.getDefaultSSLParameters();
                ssl.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
                parameters.setSSLParameters(ssl);
            }
        });
        return https;
    }

    private static SSLContext sslContext(TlsIdentity identity) throws IOException {
        try {
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(null, null);
            keyStore.setKeyEntry("hub", identity.privateKey(), KEYSTORE_PASSWORD,
                    identity.chain().toArray(X509Certificate[]::new));
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keyStore, KEYSTORE_PASSWORD);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException refused) {
            throw new IOException("the TLS provider refused the hub's server identity", refused);
        }
    }
}
