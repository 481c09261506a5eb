package io.egressfed.hub.link;

import com.google.protobuf.Timestamp;
import io.egressfed.api.pki.ClusterIdentity;
import io.egressfed.api.v1alpha1.AgentMessage;
import io.egressfed.api.v1alpha1.ConfigNack;
import io.egressfed.api.v1alpha1.HealthReport;
import io.egressfed.api.v1alpha1.Heartbeat;
import io.egressfed.api.v1alpha1.Hello;
import io.egressfed.api.v1alpha1.HubMessage;
import io.egressfed.api.v1alpha1.LeasedAssignment;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One agent's {@code Connect} stream, bound to the cluster named by its client certificate. Nothing is
 * sent before a hello that names that same cluster; a hello naming another cluster gets an error
 * message and the stream is closed with {@code PERMISSION_DENIED}.
 *
 * <p>Sending honours the stream's flow control: configs wait in a single "newest" slot until the
 * transport is ready, so an agent that reads slowly is sent the newest config, never a backlog.
 * Config changes are pushed after a short debounce, which coalesces bursts of writes.
 *
 * <p>Thread-safe: inbound messages, feed notifications, the ready handler and the timer may run on
 * different threads; all sending happens under one lock.
 */
final class AgentSession implements StreamObserver<AgentMessage>, LeaseHolder {

    private static final Logger log = LoggerFactory.getLogger(AgentSession.class);

    private enum Phase { AWAITING_HELLO, ACTIVE, CLOSED }

    private final long id;
    private final String cluster;
    private final ServerCallStreamObserver<HubMessage> out;
    private final ConfigFeed feed;
    private final LiveStatusRegistry registry;
    private final LinkSettings settings;
    private final LeaseGranter leases;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final Runnable onClosed;

    private final Object lock = new Object();
    // Guarded by lock.
    private Phase phase = Phase.AWAITING_HELLO;
    private long lastHeardNanos;
    private long agentAppliedVersion;
    private long lastSentVersion;
    private DesiredConfig pendingConfig;
    private boolean heartbeatDue;
    private long heartbeatSeq;
    private boolean pushScheduled;
    private Subscription feedSubscription;
    private Subscription leaseSubscription;
    private PendingLease pendingLease;
    private ScheduledFuture<?> ticker;

    /**
     * Creates a session; call {@link #start()} before returning it to gRPC.
     *
     * @param id this stream's id, increasing with every stream
     * @param identity the cluster named by the caller's verified client certificate
     * @param out the stream towards the agent
     * @param feed where the cluster's config comes from
     * @param registry where the agent's live status goes
     * @param settings heartbeat and debounce timing
     * @param leases grants this stream's ActivePassive leases on every tick and after every push
     * @param clock the time of status records
     * @param scheduler runs heartbeats, silence checks and debounced pushes
     * @param onClosed run once when the session ends, whatever the reason
     */
    AgentSession(long id, ClusterIdentity identity, ServerCallStreamObserver<HubMessage> out, ConfigFeed feed,
            LiveStatusRegistry registry, LinkSettings settings, LeaseGranter leases, Clock clock,
            ScheduledExecutorService scheduler, Runnable onClosed) {
        this.id = id;
        this.cluster = identity.name();
        this.out = Objects.requireNonNull(out, "out");
        this.feed = Objects.requireNonNull(feed, "feed");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.leases = Objects.requireNonNull(leases, "leases");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.onClosed = Objects.requireNonNull(onClosed, "onClosed");
    }

    /**
     * Installs the flow-control and cancellation handlers (gRPC allows this only while the service
     * method runs) and starts the heartbeat and silence timer.
     */
    void start() {
        out.setOnReadyHandler(this::drain);
        out.setOnCancelHandler(() -> end(Status.CANCELLED.withDescription("the agent went away"), null, false));
        long interval = settings.heartbeatInterval().toNanos();
        synchronized (lock) {
            lastHeardNanos = System.nanoTime();
            ticker = scheduler.scheduleAtFixedRate(this::tick, interval, interval, TimeUnit.NANOSECONDS);
        }
    }

    /** The cluster this stream is bound to. */
    @Override
    public String cluster() {
        return cluster;
    }

    /** Closes the stream because the hub stops; the agent reconnects, possibly to another replica. */
    void shutDown() {
        end(Status.UNAVAILABLE.withDescription("the hub is shutting down"), null, true);
    }

    @Override
    public void onNext(AgentMessage message) {
        boolean helloMissing;
        synchronized (lock) {
            if (phase == Phase.CLOSED) {
                return;
            }
            lastHeardNanos = System.nanoTime();
            helloMissing = phase == Phase.AWAITING_HELLO && message.getKindCase() != AgentMessage.KindCase.HELLO;
        }
        if (helloMissing) {
            end(Status.FAILED_PRECONDITION, "the first message on a Connect stream must be hello, got "
                    + message.getKindCase(), true);
            return;
        }
        Instant now = clock.instant();
        switch (message.getKindCase()) {
            case HELLO -> onHello(message.getHello());
            case ACK -> onAck(message.getAck().getVersion(), now);
            case NACK -> onNack(message.getNack(), now);
            case HEARTBEAT -> registry.agentSeen(cluster, now);
            case HEALTH -> onHealth(message.getHealth(), now);
            // A kind this hub does not know comes from a newer agent: it still proves the agent is alive.
            case KIND_NOT_SET -> registry.agentSeen(cluster, now);
        }
    }

    @Override
    public void onError(Throwable error) {
        end(Status.fromThrowable(error), null, false);
    }

    @Override
    public void onCompleted() {
        end(Status.OK, null, true);
    }

    private void onHello(Hello hello) {
        if (!hello.getCluster().equals(cluster)) {
            String claimed = hello.getCluster().isEmpty() ? "no cluster" : "cluster \"" + hello.getCluster() + "\"";
            end(Status.PERMISSION_DENIED, "hello names " + claimed + " but the client certificate identifies cluster \""
                    + cluster + "\"; a cluster may only receive its own config", true);
            return;
        }
        boolean duplicate;
        synchronized (lock) {
            duplicate = phase != Phase.AWAITING_HELLO;
            if (!duplicate) {
                phase = Phase.ACTIVE;
                agentAppliedVersion = hello.getLastAppliedVersion();
                // The first heartbeat answers the hello at once, so the agent knows the stream is accepted.
                heartbeatDue = true;
            }
        }
        if (duplicate) {
            end(Status.FAILED_PRECONDITION, "hello was already received on this stream", true);
            return;
        }
        registry.agentConnected(cluster, id, hello, clock.instant());
        Subscription subscription = feed.subscribe(cluster, this::onFeedChange);
        Subscription leasing = leases.hold(this);
        synchronized (lock) {
            if (phase == Phase.ACTIVE) {
                feedSubscription = subscription;
                leaseSubscription = leasing;
                subscription = null;
            }
        }
        if (subscription != null) {
            // The stream ended while hello was being recorded; its end may have been recorded first.
            subscription.close();
            leasing.close();
            registry.agentDisconnected(cluster, id, clock.instant());
            return;
        }
        log.info("agent of cluster {} connected (stream {}, agent {}, last applied version {})", cluster, id,
                hello.getAgentVersion(), hello.getLastAppliedVersion());
        pushNewest();
    }

    private void onAck(long version, Instant now) {
        synchronized (lock) {
            agentAppliedVersion = Math.max(agentAppliedVersion, version);
        }
        registry.configAcked(cluster, version, now);
        log.debug("cluster {} ACKed config version {}", cluster, version);
    }

    private void onNack(ConfigNack nack, Instant now) {
        long version = nack.getVersion();
        if (version == 0) {
            // An agent that could not authenticate an envelope does not parse it, so it cannot name the
            // version: it can only be the newest one sent on this stream.
            synchronized (lock) {
                version = lastSentVersion;
            }
        }
        registry.configNacked(cluster, version, nack.getError(), nack.getAssignmentErrorsMap(), now);
        log.warn("cluster {} NACKed config version {}: {}", cluster, version, nack.getError());
    }

    private void onHealth(HealthReport report, Instant now) {
        if (!report.getCluster().isEmpty() && !report.getCluster().equals(cluster)) {
            end(Status.PERMISSION_DENIED, "health report names cluster \"" + report.getCluster()
                    + "\" but the client certificate identifies cluster \"" + cluster + "\"", true);
            return;
        }
        registry.healthReported(cluster, report.toBuilder().setCluster(cluster).build(), now);
    }

    private void onFeedChange() {
        synchronized (lock) {
            if (phase != Phase.ACTIVE || pushScheduled) {
                return;
            }
            pushScheduled = true;
        }
        // The delay runs from the first change of a burst, so a steady stream of writes cannot postpone
        // pushes for ever.
        scheduler.schedule(() -> {
            synchronized (lock) {
                pushScheduled = false;
            }
            pushNewest();
        }, settings.pushDebounce().toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Puts the cluster's newest config in the send slot if the agent has neither applied nor been sent it. */
    private void pushNewest() {
        Optional<DesiredConfig> newest = feed.current(cluster);
        newest.ifPresent(config -> registry.configDesired(cluster, config.version()));
        synchronized (lock) {
            if (phase != Phase.ACTIVE) {
                return;
            }
            if (newest.isPresent()) {
                DesiredConfig config = newest.get();
                long known = Math.max(Math.max(lastSentVersion, agentAppliedVersion),
                        pendingConfig == null ? 0 : pendingConfig.version());
                if (config.version() > known) {
                    pendingConfig = config;
                }
            }
            drainLocked();
        }
    }

    @Override
    public void grantLease(List<LeasedAssignment> assignments, long leaseNanos, long computedAtNanos,
                           Duration failoverAfter) {
        synchronized (lock) {
            if (phase != Phase.ACTIVE) {
                return;
            }
            pendingLease = new PendingLease(assignments, leaseNanos, computedAtNanos, failoverAfter);
            drainLocked();
        }
    }

    private void tick() {
        long silentNanos;
        synchronized (lock) {
            if (phase == Phase.CLOSED) {
                return;
            }
            silentNanos = System.nanoTime() - lastHeardNanos;
            if (phase == Phase.ACTIVE) {
                heartbeatDue = true;
                drainLocked();
            }
        }
        Duration silence = settings.silenceLimit();
        if (silentNanos > silence.toNanos()) {
            end(Status.UNAVAILABLE.withDescription("no message from cluster " + cluster + " for "
                    + Duration.ofNanos(silentNanos).toMillis() + " ms (limit " + silence.toMillis() + " ms)"),
                    null, true);
        }
    }

    private void drain() {
        synchronized (lock) {
            drainLocked();
        }
    }

    /** Sends what is due while the transport accepts more. Newest config first, then the heartbeat. */
    private void drainLocked() {
        while (phase == Phase.ACTIVE && out.isReady()) {
            if (pendingConfig != null) {
                DesiredConfig config = pendingConfig;
                pendingConfig = null;
                lastSentVersion = config.version();
                out.onNext(HubMessage.newBuilder().setConfig(config.envelope()).build());
                log.debug("pushed config version {} to cluster {} (stream {})", config.version(), cluster, id);
                // The pushed config may activate an assignment: its lease follows at once, not on the next tick.
                scheduler.execute(() -> leases.grantNow(this));
            } else if (pendingLease != null) {
                PendingLease lease = pendingLease;
                pendingLease = null;
                lease.grantAt(System.nanoTime(), lastSentVersion).ifPresent(out::onNext);
            } else if (heartbeatDue) {
                heartbeatDue = false;
                out.onNext(HubMessage.newBuilder().setHeartbeat(Heartbeat.newBuilder()
                        .setSeq(++heartbeatSeq)
                        .setSentAt(timestamp(clock.instant()))).build());
            } else {
                return;
            }
        }
    }

    /**
     * Ends the session once. With an error message, the agent first receives it as {@code HubMessage.error},
     * then the status (description = the message).
     */
    private void end(Status status, String errorMessage, boolean tellAgent) {
        Status closing = errorMessage == null ? status : status.withDescription(errorMessage);
        boolean wasActive;
        Subscription subscription;
        synchronized (lock) {
            if (phase == Phase.CLOSED) {
                return;
            }
            wasActive = phase == Phase.ACTIVE;
            phase = Phase.CLOSED;
            pendingConfig = null;
            subscription = feedSubscription;
            feedSubscription = null;
            pendingLease = null;
            if (leaseSubscription != null) {
                leaseSubscription.close();
                leaseSubscription = null;
            }
            if (ticker != null) {
                ticker.cancel(false);
            }
            if (tellAgent) {
                tell(closing, errorMessage);
            }
        }
        if (subscription != null) {
            subscription.close();
        }
        if (wasActive) {
            registry.agentDisconnected(cluster, id, clock.instant());
        }
        if (errorMessage != null) {
            log.warn("refused Connect stream {} of cluster {}: {} {}", id, cluster, closing.getCode(), errorMessage);
        } else {
            log.info("Connect stream {} of cluster {} ended: {}", id, cluster, describe(closing));
        }
        onClosed.run();
    }

    private void tell(Status closing, String errorMessage) {
        try {
            if (errorMessage != null) {
                out.onNext(HubMessage.newBuilder().setError(errorMessage).build());
            }
            if (closing.isOk()) {
                out.onCompleted();
            } else {
                out.onError(closing.asRuntimeException());
            }
        } catch (IllegalStateException e) {
            // The call was closed underneath (cancelled by the agent or the server) in the meantime.
            log.debug("Connect stream {} of cluster {} was already closed: {}", id, cluster, e.getMessage());
        }
    }

    private static String describe(Status status) {
        return status.getDescription() == null ? status.getCode().toString()
                : status.getCode() + " (" + status.getDescription() + ")";
    }

    private static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }
}
