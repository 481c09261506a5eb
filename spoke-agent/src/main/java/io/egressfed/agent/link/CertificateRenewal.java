package io.egressfed.agent.link;

import io.egressfed.api.pki.EnrolledCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renews the link's client certificate when the renewal policy says, over the link's current channel,
 * and tries again after the minimum renewal interval when no channel is open or the hub did not renew
 * it. Thread-safe.
 */
final class CertificateRenewal implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CertificateRenewal.class);

    /** The link whose certificate is renewed. */
    interface Target {
        /**
         * The channel to renew over.
         *
         * @return the link's current channel, empty while none is open
         */
        Optional<ManagedChannel> channel();

        /**
         * Takes renewed credentials into use (and plans their renewal in turn).
         *
         * @param renewed the new credentials
         */
        void renewed(EnrolledCredentials renewed);
    }

    private final HubLinkSettings settings;
    private final CertificateClient certificates;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final Target target;

    private final Object lock = new Object();
    // Guarded by lock.
    private boolean closed;
    private X509Certificate certificate;
    private ScheduledFuture<?> task;

    CertificateRenewal(HubLinkSettings settings, CertificateClient certificates, Clock clock,
            ScheduledExecutorService scheduler, Target target) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.certificates = Objects.requireNonNull(certificates, "certificates");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.target = Objects.requireNonNull(target, "target");
    }

    /**
     * Plans the renewal of a certificate, replacing any plan for an earlier one.
     *
     * @param current the certificate in use
     * @param minimumDelay the least time to wait, whatever the policy says
     */
    void plan(X509Certificate current, Duration minimumDelay) {
        synchronized (lock) {
            if (closed) {
                return;
            }
            cancelLocked();
            certificate = Objects.requireNonNull(current, "current");
            Duration delay = settings.renewalPolicy().delayUntilRenewal(current, clock.instant());
            if (delay.compareTo(minimumDelay) < 0) {
                delay = minimumDelay;
            }
            task = scheduler.schedule(this::renew, delay.toNanos(), TimeUnit.NANOSECONDS);
            log.debug("client certificate renewal planned in {}", delay);
        }
    }

    /** Cancels the planned renewal; nothing is planned after this. Idempotent. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            cancelLocked();
        }
    }

    private void renew() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            task = null;
        }
        Optional<ManagedChannel> channel = target.channel();
        if (channel.isEmpty()) {
            retryLater();
            return;
        }
        log.info("renewing the client certificate of cluster {}", settings.cluster());
        certificates.renew(channel.get()).whenComplete((renewed, error) -> {
            if (error != null) {
                Throwable cause = error instanceof CompletionException && error.getCause() != null
                        ? error.getCause() : error;
                Status status = Status.fromThrowable(cause);
                log.warn("certificate renewal failed ({}); retrying in {}", status.getDescription() == null
                        ? status.getCode() : status.getCode() + ": " + status.getDescription(),
                        settings.minimumRenewalInterval());
                retryLater();
                return;
            }
            target.renewed(renewed);
        });
    }

    /** Plans the next attempt for the certificate in use then, which a switch may have replaced meanwhile. */
    private void retryLater() {
        synchronized (lock) {
            plan(certificate, settings.minimumRenewalInterval());
        }
    }

    private void cancelLocked() {
        if (task != null) {
            task.cancel(false);
            task = null;
        }
    }
}
