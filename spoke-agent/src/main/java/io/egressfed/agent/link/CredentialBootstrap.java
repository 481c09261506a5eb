package io.egressfed.agent.link;

import io.egressfed.api.pki.BootstrapToken;
import io.egressfed.api.pki.ClusterIdentity;
import io.egressfed.api.pki.EnrolledCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the credentials the link starts with: those stored by an earlier run, or, when there are none
 * (or they expired), new ones from enrolling with the bootstrap token. The token is needed only then.
 */
final class CredentialBootstrap {

    private static final Logger log = LoggerFactory.getLogger(CredentialBootstrap.class);
    /** Refusals that the same request can never overcome. */
    private static final Set<Status.Code> FINAL_REFUSALS =
            EnumSet.of(Status.Code.UNAUTHENTICATED, Status.Code.PERMISSION_DENIED, Status.Code.INVALID_ARGUMENT);

    /**
     * Credentials to start with.
     *
     * @param credentials the client identity and hub CA
     * @param enrolled true when they were just issued (and still need storing)
     */
    record Obtained(EnrolledCredentials credentials, boolean enrolled) {
    }

    /** Why no credentials could be obtained. */
    static final class SetupException extends Exception {
        private static final long serialVersionUID = 1L;
        private final boolean retryable;

        SetupException(String message, boolean retryable) {
            super(message);
            this.retryable = retryable;
        }

        /** Whether trying again later may succeed (the hub was unreachable), or an operator must act. */
        boolean retryable() {
            return retryable;
        }
    }

    private final HubLinkSettings settings;
    private final CredentialStore store;
    private final LinkChannels channels;
    private final CertificateClient certificates;
    private final Clock clock;

    CredentialBootstrap(HubLinkSettings settings, CredentialStore store, LinkChannels channels,
            CertificateClient certificates, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.store = Objects.requireNonNull(store, "store");
        this.channels = Objects.requireNonNull(channels, "channels");
        this.certificates = Objects.requireNonNull(certificates, "certificates");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Loads the stored credentials or enrolls.
     *
     * @param onEnrolling run just before an enrollment request goes out
     * @return the credentials; fails with a {@link SetupException} saying whether to retry
     */
    CompletableFuture<Obtained> obtain(Runnable onEnrolling) {
        Optional<EnrolledCredentials> stored;
        try {
            stored = store.load();
        } catch (IOException e) {
            return failed("cannot read the stored credentials: " + e.getMessage(), true);
        }
        if (stored.isPresent()) {
            String storedCluster = clusterOf(stored.get());
            if (!storedCluster.equals(settings.cluster())) {
                return failed("the stored client certificate in " + store + " is for cluster " + storedCluster
                        + ", but this agent is cluster " + settings.cluster(), false);
            }
        }
        if (stored.isPresent() && !clock.instant().isBefore(notAfter(stored.get()))) {
            log.warn("the stored client certificate expired at {}", notAfter(stored.get()));
            if (settings.bootstrapToken().isEmpty()) {
                return failed("the stored client certificate expired at " + notAfter(stored.get())
                        + "; enroll this cluster again with a new bootstrap token", false);
            }
            stored = Optional.empty();
        }
        if (stored.isPresent()) {
            return CompletableFuture.completedFuture(new Obtained(stored.get(), false));
        }
        if (settings.bootstrapToken().isEmpty()) {
            return failed("no credentials in " + store + " and no bootstrap token: enroll this cluster with"
                    + " `egressctl cluster enroll " + settings.cluster() + "` and pass the token", false);
        }
        onEnrolling.run();
        return enroll(settings.bootstrapToken().get());
    }

    private CompletableFuture<Obtained> enroll(BootstrapToken token) {
        ManagedChannel channel;
        try {
            channel = channels.enrollment();
        } catch (GeneralSecurityException | IOException e) {
            return failed("cannot set up TLS for enrollment: " + e.getMessage(), false);
        }
        log.info("enrolling cluster {} with token {}", settings.cluster(), token.id());
        return certificates.enroll(channel, token)
                .handle((enrolled, error) -> {
                    channel.shutdown();
                    if (error != null) {
                        throw new CompletionException(classify(error));
                    }
                    log.info("cluster {} enrolled; client certificate valid until {}", settings.cluster(),
                            notAfter(enrolled));
                    return new Obtained(enrolled, true);
                });
    }

    private static SetupException classify(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof CertificateException) {
            return new SetupException("the hub's enrollment answer does not check out: " + cause.getMessage(), false);
        }
        Status status = Status.fromThrowable(cause);
        String description = status.getDescription() == null ? status.getCode().toString()
                : status.getCode() + ": " + status.getDescription();
        if (FINAL_REFUSALS.contains(status.getCode())) {
            return new SetupException("the hub refused enrollment: " + description, false);
        }
        return new SetupException("enrollment failed: " + description, true);
    }

    private static String clusterOf(EnrolledCredentials credentials) {
        try {
            return ClusterIdentity.fromCertificate(credentials.client().certificate()).name();
        } catch (IllegalArgumentException e) {
            return "(none: " + e.getMessage() + ")";
        }
    }

    private static Instant notAfter(EnrolledCredentials credentials) {
        return credentials.client().certificate().getNotAfter().toInstant();
    }

    private static CompletableFuture<Obtained> failed(String message, boolean retryable) {
        return CompletableFuture.failedFuture(new SetupException(message, retryable));
    }
}
