package io.egressfed.hub.api;

import io.egressfed.api.pki.TlsIdentity;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How the admin REST server listens.
 *
 * @param address where to listen (port 0 picks a free port)
 * @param tls the server identity for HTTPS (the hub's server certificate); empty serves plain HTTP, which
 *     only {@code --dev} or an explicit flag should choose
 * @param requestTimeout how long one request may take before it is answered 503
 * @param threads how many requests are served at once
 * @param maxBodyBytes the largest request body accepted (413 beyond)
 */
public record AdminHttpSettings(InetSocketAddress address, Optional<TlsIdentity> tls, Duration requestTimeout,
                                int threads, int maxBodyBytes) {

    /** Requires every component; positive timeout, threads and body size. */
    public AdminHttpSettings {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (requestTimeout.isNegative() || requestTimeout.isZero() || threads < 1 || maxBodyBytes < 1) {
            throw new IllegalArgumentException("requestTimeout, threads and maxBodyBytes must be positive");
        }
    }

    /**
     * HTTPS with the given identity, 30 s per request, 4 threads, bodies up to 4 MiB.
     *
     * @param address where to listen
     * @param identity the hub's server certificate and key
     * @return the settings
     */
    public static AdminHttpSettings https(InetSocketAddress address, TlsIdentity identity) {
        return new AdminHttpSettings(address, Optional.of(identity), Duration.ofSeconds(30), 4, 4 * 1024 * 1024);
    }

    /**
     * Plain HTTP (for {@code --dev} only), otherwise like {@link #https}.
     *
     * @param address where to listen
     * @return the settings
     */
    public static AdminHttpSettings plaintext(InetSocketAddress address) {
        return new AdminHttpSettings(address, Optional.empty(), Duration.ofSeconds(30), 4, 4 * 1024 * 1024);
    }
}
