package io.egressfed.cli;

import io.egressfed.api.pki.Pem;
import io.egressfed.api.pki.TrustManagers;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/** Sends requests to the hub over {@link HttpClient}, with the TLS trust the connection asks for. */
final class HttpTransport {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private final Connection connection;
    private final HttpClient client;

    HttpTransport(Connection connection) {
        this.connection = connection;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER);
        if (connection.server().getScheme().equals("https")) {
            builder.sslContext(sslContext(connection));
        }
        this.client = builder.build();
    }

    /** A response: status and body text. */
    record Response(int status, String body, Optional<String> header) {
    }

    /**
     * Sends a request.
     *
     * @param method GET, PUT, POST or DELETE
     * @param pathAndQuery e.g. {@code /api/v1alpha1/intents?labelSelector=a%3Db}
     * @param body the JSON body, or null for none
     * @param header a response header to return, or null
     * @return the response
     */
    Response send(String method, String pathAndQuery, String body, String header) {
        URI uri = URI.create(connection.server() + pathAndQuery);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        connection.token().ifPresent(token -> request.header("Authorization", "Bearer " + token));
        try {
            HttpResponse<String> response = client.send(request.build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Response(response.statusCode(), response.body(),
                    header == null ? Optional.empty() : response.headers().firstValue(header));
        } catch (ConnectException refused) {
            throw new CliFailure("cannot connect to the hub at " + connection.server() + ": connection refused");
        } catch (HttpTimeoutException slow) {
            throw new CliFailure("the hub at " + connection.server() + " did not answer in time");
        } catch (SSLException tls) {
            throw new CliFailure("TLS with the hub at " + connection.server() + " failed: " + tls.getMessage()
                    + " (give the hub CA with --ca-file, or --insecure-skip-tls-verify for a development hub)");
        } catch (IOException failed) {
            throw new CliFailure("request to the hub at " + connection.server() + " failed: " + failed, failed);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new CliFailure("interrupted while waiting for the hub");
        }
    }

    private static SSLContext sslContext(Connection connection) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            if (connection.insecureSkipTlsVerify()) {
                context.init(null, new TrustManager[] {new TrustingEverything()}, new SecureRandom());
            } else if (connection.caFile().isPresent()) {
                context.init(null, new TrustManager[] {TrustManagers.trustingOnly(caCertificate(connection.caFile().get()))},
                        new SecureRandom());
            } else {
                context.init(null, null, null);
            }
            return context;
        } catch (GeneralSecurityException unavailable) {
            throw new IllegalStateException("TLS is required of every Java platform", unavailable);
        }
    }

    private static X509Certificate caCertificate(Path file) {
        try {
            return Pem.decodeCertificates(Files.readString(file, StandardCharsets.US_ASCII)).get(0);
        } catch (IOException unreadable) {
            throw new CliFailure("cannot read the CA file " + file + ": " + unreadable.getMessage());
        } catch (IllegalArgumentException notPem) {
            throw new CliFailure("the CA file " + file + " holds no PEM certificate: " + notPem.getMessage());
        }
    }

    /** For {@code --insecure-skip-tls-verify}: accepts any certificate and any host name. */
    private static final class TrustingEverything extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
            throw new UnsupportedOperationException("egressctl is never a TLS server");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
            // Trusting everything is what the user asked for with --insecure-skip-tls-verify.
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            throw new UnsupportedOperationException("egressctl is never a TLS server");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            // Trusting everything is what the user asked for with --insecure-skip-tls-verify.
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException("egressctl is never a TLS server");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // Trusting everything is what the user asked for with --insecure-skip-tls-verify.
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
