package io.egressfed.agent.link;

import io.egressfed.agent.apply.AppliedVersionStore;
import io.egressfed.agent.apply.ConfigApplier;
import io.egressfed.agent.health.HealthReporter;
import io.egressfed.agent.lease.LeaseGrantReceiver;
import io.egressfed.api.envelope.PinnedKeyConfigVerifier;
import io.egressfed.api.pki.EnrolledCredentials;
import io.egressfed.api.v1alpha1.AgentMessage;
import io.egressfed.api.v1alpha1.HealthReport;
import io.egressfed.api.v1alpha1.SpokeLinkGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's link to the hub: enrolls once (when no credentials are stored), keeps one mutual-TLS
 * {@code Connect} stream open, reconnects with jittered exponential backoff, resumes with the last
 * applied config version, renews the client certificate at the policy's time, and hands every pushed
 * config to the verifier and then the {@link ConfigApplier}, answering ACK or NACK. Lease grants go to a
 * {@link LeaseGrantReceiver} as they arrive, on the stream's thread. Health reports go out with every
 * heartbeat and, coalesced, as soon as the {@link HealthReporter} says an assignment's health changed.
 *
 * <p>Applying runs on a thread owned by the link, so that a slow or blocking backend never delays
 * heartbeats. Thread-safe.
 */
public final class HubLink implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HubLink.class);

    private final HubLinkSettings settings;
    private final CredentialStore credentialStore;
    private final AppliedVersionStore versionStore;
    private final ConfigApplier applier;
    private final LeaseGrantReceiver leases;
    private final Optional<LatestHealth> health;
    private final Optional<HealthPush> healthPush;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final Backoff backoff;
    private final CredentialBootstrap bootstrap;
    private final LinkIdentity identity;
    private final HubStream.Events streamEvents = new StreamEvents();

    private final Object lock = new Object();
    // Guarded by lock.
    private LinkState state = LinkState.NEW;
    private boolean started;
    private ExecutorService applyExecutor;
    private ConfigPipeline pipeline;
    private HubStream stream;
    private ScheduledFuture<?> retryTask;
    private long connections;
    private long renewals;
    private String lastError = "";

    /**
     * Creates a link; nothing happens until {@link #start()}.
     *
     * @param settings cluster, pins, timing
     * @param channels opens channels to the hub (e.g. {@link TlsLinkChannels})
     * @param credentialStore keeps the client key and certificate between restarts
     * @param versionStore keeps the last applied config version between restarts
     * @param applier puts verified configs into effect
     * @param leases receives the hub's lease grants (e.g. a {@link io.egressfed.agent.lease.LeaseKeeper})
     * @param health produces the health reports sent with heartbeats, if any (asked in the background;
     *     each heartbeat carries the newest report at hand); a report also goes out when it says the health
     *     changed, at most one per {@link HubLinkSettings#healthReportGap()}
     * @param clock the time certificates and configs are checked against
     * @param scheduler runs timers and reconnections (owned by the caller)
     */
    public HubLink(HubLinkSettings settings, LinkChannels channels, CredentialStore credentialStore,
            AppliedVersionStore versionStore, ConfigApplier applier, LeaseGrantReceiver leases,
            Optional<HealthReporter> health, Clock clock, ScheduledExecutorService scheduler) {
        this.settings = Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(channels, "channels");
        this.credentialStore = Objects.requireNonNull(credentialStore, "credentialStore");
        this.versionStore = Objects.requireNonNull(versionStore, "versionStore");
        this.applier = Objects.requireNonNull(applier, "applier");
        this.leases = Objects.requireNonNull(leases, "leases");
        this.health = Objects.requireNonNull(health, "health").map(LatestHealth::new);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.healthPush = this.health.map(latest ->
                new HealthPush(latest, settings.healthReportGap(), scheduler, this::sendHealth));
        this.backoff = new Backoff(settings.initialBackoff(), settings.maxBackoff(), RandomGenerator.getDefault());
        CertificateClient certificates = new CertificateClient(settings);
        this.bootstrap = new CredentialBootstrap(settings, credentialStore, channels, certificates, clock);
        this.identity = new LinkIdentity(settings, channels, certificates, clock, scheduler, renewed -> {
            save(renewed);
            switchTo(renewed);
        });
    }

    /**
     * Reads the last applied version, then starts connecting (enrolling first if needed) in the background.
     *
     * @return completes once the version is read and connecting has begun; completes exceptionally, and
     *     the link is {@link LinkState#FAILED}, when the version cannot be read (starting without it would
     *     give up rollback protection)
     * @throws IllegalStateException when already started
     */
    public CompletableFuture<Void> start() {
        synchronized (lock) {
            if (started || state != LinkState.NEW) {
                throw new IllegalStateException("the hub link was already started");
            }
            started = true;
        }
        CompletableFuture<Long> loaded;
        try {
            loaded = Objects.requireNonNull(versionStore.load(), "the version store returned no future");
        } catch (RuntimeException e) {
            loaded = CompletableFuture.failedFuture(e);
        }
        return loaded.handle((applied, error) -> {
            if (error != null) {
                String reason = "cannot read the last applied config version from " + versionStore + ": "
                        + unwrap(error).getMessage();
                fail(reason);
                throw new CompletionException(new IOException(reason, unwrap(error)));
            }
            if (begin(applied)) {
                healthPush.ifPresent(HealthPush::start);
                scheduler.execute(this::establish);
            }
            return null;
        });
    }

    private boolean begin(long applied) {
        synchronized (lock) {
            if (state != LinkState.NEW) {
                return false;
            }
            applyExecutor = Executors.newSingleThreadExecutor(runnable -> {
                Thread thread = new Thread(runnable, "egressfed-config-apply-" + settings.cluster());
                thread.setDaemon(true);
                return thread;
            });
            pipeline = new ConfigPipeline(new PinnedKeyConfigVerifier(settings.trustedKeys(), settings.cluster(), clock),
                    applier, versionStore, applied, applyExecutor, this::reply);
            state = LinkState.CONNECTING;
            log.info("hub link of cluster {} starting; last applied config version {}{}", settings.cluster(), applied,
                    pipeline.helloVersion() < applied ? ", asking the hub to resend it" : "");
            return true;
        }
    }

    /**
     * Describes the link now.
     *
     * @return a snapshot
     */
    public LinkStatus status() {
        synchronized (lock) {
            String error = lastError.isEmpty() && pipeline != null ? pipeline.lastError() : lastError;
            return new LinkStatus(state, pipeline == null ? 0 : pipeline.appliedVersion(), connections, renewals,
                    identity.notAfter(),
                    error);
        }
    }

    /** Closes the stream and channels and stops applying; an apply in progress is interrupted. Idempotent. */
    @Override
    public void close() {
        HubStream closing;
        ExecutorService closingExecutor;
        synchronized (lock) {
            if (state == LinkState.STOPPED) {
                return;
            }
            state = LinkState.STOPPED;
            cancel(retryTask);
            closing = stream;
            stream = null;
            closingExecutor = applyExecutor;
            if (pipeline != null) {
                pipeline.close();
            }
        }
        healthPush.ifPresent(HealthPush::close);
        if (closing != null) {
            closing.cancel("the agent is stopping");
        }
        identity.close();
        if (closingExecutor != null) {
            closingExecutor.shutdownNow();
        }
        log.info("hub link of cluster {} stopped", settings.cluster());
    }

    private void establish() {
        synchronized (lock) {
            if (state == LinkState.STOPPED) {
                return;
            }
            retryTask = null;
        }
        if (identity.hasCredentials()) {
            connect();
            return;
        }
        bootstrap.obtain(this::enrolling).whenComplete((obtained, error) -> {
            if (error != null) {
                Throwable cause = unwrap(error);
                if (cause instanceof CredentialBootstrap.SetupException setup && setup.retryable()) {
                    retryLater(setup.getMessage());
                } else {
                    fail(cause.getMessage());
                }
                return;
            }
            if (obtained.enrolled()) {
                save(obtained.credentials());
            }
            identity.adopt(obtained.credentials(), Duration.ZERO);
            connect();
        });
    }

    private void enrolling() {
        synchronized (lock) {
            if (state != LinkState.STOPPED) {
                state = LinkState.ENROLLING;
            }
        }
    }

    private void connect() {
        HubStream opened;
        ManagedChannel linkChannel;
        synchronized (lock) {
            if (state == LinkState.STOPPED) {
                return;
            }
            try {
                linkChannel = identity.channel();
            } catch (GeneralSecurityException | IOException e) {
                failLocked("cannot set up mutual TLS with the stored credentials: " + e.getMessage());
                return;
            }
            opened = new HubStream(settings, pipeline, leases, health, streamEvents, clock, scheduler);
            stream = opened;
            state = LinkState.CONNECTING;
        }
        SpokeLinkGrpc.newStub(linkChannel).connect(opened);
        opened.start();
    }

    /** Moves the link onto renewed credentials: a new channel and an immediate new stream. */
    private void switchTo(EnrolledCredentials renewed) {
        HubStream previous;
        synchronized (lock) {
            if (state == LinkState.STOPPED) {
                return;
            }
            renewals++;
            previous = stream;
            // Cleared first, so that the old stream's end does not schedule a reconnection.
            stream = null;
            cancel(retryTask);
            retryTask = null;
        }
        identity.adopt(renewed, settings.minimumRenewalInterval());
        log.info("client certificate renewed; valid until {}", renewed.client().certificate().getNotAfter().toInstant());
        if (previous != null) {
            previous.cancel("switching to a renewed client certificate");
        }
        connect();
    }

    private void save(EnrolledCredentials issued) {
        try {
            credentialStore.save(issued);
        } catch (IOException e) {
            // The certificate is still used for this run; only a restart would need it again.
            log.error("could not store the client credentials in {}: {}", credentialStore, e.getMessage());
            synchronized (lock) {
                lastError = "could not store the client credentials: " + e.getMessage();
            }
        }
    }

    private void sendHealth(HealthReport report) {
        HubStream current;
        synchronized (lock) {
            current = stream;
        }
        if (current != null) {
            current.sendHealth(report);
        }
    }

    private void reply(AgentMessage message) {
        HubStream current;
        synchronized (lock) {
            current = stream;
        }
        if (current != null) {
            current.send(message);
        }
    }

    private void retryLater(String reason) {
        synchronized (lock) {
            if (state == LinkState.STOPPED || state == LinkState.FAILED) {
                return;
            }
            Duration delay = backoff.next();
            state = LinkState.WAITING_TO_RETRY;
            lastError = reason;
            cancel(retryTask);
            retryTask = scheduler.schedule(this::establish, delay.toNanos(), TimeUnit.NANOSECONDS);
            log.info("hub link of cluster {}: {}; retrying in {} ms", settings.cluster(), reason, delay.toMillis());
        }
    }

    private void fail(String reason) {
        synchronized (lock) {
            failLocked(reason);
        }
    }

    private void failLocked(String reason) {
        if (state == LinkState.STOPPED) {
            return;
        }
        state = LinkState.FAILED;
        lastError = reason;
        stream = null;
        log.error("hub link of cluster {} gave up: {}", settings.cluster(), reason);
    }

    private static void cancel(ScheduledFuture<?> task) {
        if (task != null) {
            task.cancel(false);
        }
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    private static String describe(Status status) {
        return status.getDescription() == null ? status.getCode().toString()
                : status.getCode() + ": " + status.getDescription();
    }

    /** Follows the current stream; events of replaced streams are ignored. */
    private final class StreamEvents implements HubStream.Events {

        @Override
        public void established(HubStream established) {
            synchronized (lock) {
                if (established != stream) {
                    return;
                }
                state = LinkState.CONNECTED;
                connections++;
                lastError = "";
                backoff.reset();
            }
            log.info("hub link of cluster {} connected", settings.cluster());
        }

        @Override
        public void ended(HubStream ended, Status status) {
            synchronized (lock) {
                if (ended != stream) {
                    return;
                }
                stream = null;
            }
            retryLater("stream ended: " + describe(status));
        }
    }
}
