package io.egressfed.agent.link;

import io.egressfed.api.pki.EnrolledCredentials;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * Who the link is to the hub: the client credentials in use, the mutual-TLS channel built from them, and
 * their renewal. Adopting new credentials retires the channel of the old ones. Thread-safe.
 */
final class LinkIdentity implements AutoCloseable {

    private final LinkChannels channels;
    private final CertificateRenewal renewal;

    private final Object lock = new Object();
    // Guarded by lock.
    private boolean closed;
    private EnrolledCredentials credentials;
    private ManagedChannel channel;

    /**
     * @param settings     timing of renewals
     * @param channels     builds the channel from the credentials
     * @param certificates asks the hub for renewed certificates
     * @param clock        the time certificates are checked against
     * @param scheduler    runs the renewal timer
     * @param renewed      takes renewed credentials (to store them and {@link #adopt} them)
     */
    LinkIdentity(HubLinkSettings settings, LinkChannels channels, CertificateClient certificates, Clock clock,
            ScheduledExecutorService scheduler, Consumer<EnrolledCredentials> renewed) {
        this.channels = Objects.requireNonNull(channels, "channels");
        Objects.requireNonNull(renewed, "renewed");
        this.renewal = new CertificateRenewal(settings, certificates, clock, scheduler, new CertificateRenewal.Target() {
            @Override
            public Optional<ManagedChannel> channel() {
                synchronized (lock) {
                    return closed ? Optional.empty() : Optional.ofNullable(channel);
                }
            }

            @Override
            public void renewed(EnrolledCredentials issued) {
                renewed.accept(issued);
            }
        });
    }

    /** @return whether credentials were adopted */
    boolean hasCredentials() {
        synchronized (lock) {
            return credentials != null;
        }
    }

    /** @return when the credentials in use expire, empty before any were adopted */
    Optional<Instant> notAfter() {
        synchronized (lock) {
            return Optional.ofNullable(credentials).map(c -> c.client().certificate().getNotAfter().toInstant());
        }
    }

    /**
     * Makes credentials current, shutting down the channel built from older ones, and plans their renewal.
     *
     * @param adopted the credentials
     * @param minimumDelay the least time before renewing them
     */
    void adopt(EnrolledCredentials adopted, Duration minimumDelay) {
        ManagedChannel replaced;
        synchronized (lock) {
            if (closed) {
                return;
            }
            credentials = Objects.requireNonNull(adopted, "adopted");
            replaced = channel;
            channel = null;
        }
        renewal.plan(adopted.client().certificate(), minimumDelay);
        if (replaced != null) {
            replaced.shutdown();
        }
    }

    /**
     * The channel to the hub, built from the current credentials when none is open, with its own
     * reconnection backoff reset (the link's backoff decides when to try).
     *
     * @return the channel
     * @throws GeneralSecurityException when the credentials cannot set up mutual TLS
     * @throws IOException when the channel cannot be built
     * @throws IllegalStateException before credentials were adopted, or after {@link #close()}
     */
    ManagedChannel channel() throws GeneralSecurityException, IOException {
        synchronized (lock) {
            if (closed || credentials == null) {
                throw new IllegalStateException(closed ? "the link identity is closed" : "no credentials adopted yet");
            }
            if (channel == null) {
                channel = channels.link(credentials);
            }
            // The channel's own reconnect backoff (up to minutes) must not override ours.
            channel.resetConnectBackoff();
            return channel;
        }
    }

    /** Stops renewing and shuts the channel down at once. Idempotent. */
    @Override
    public void close() {
        ManagedChannel closing;
        synchronized (lock) {
            closed = true;
            closing = channel;
            channel = null;
        }
        renewal.close();
        if (closing != null) {
            closing.shutdownNow();
        }
    }
}
