package io.egressfed.agent.link;

import com.google.protobuf.Timestamp;
import io.egressfed.agent.lease.LeaseGrantReceiver;
import io.egressfed.api.v1alpha1.AgentMessage;
import io.egressfed.api.v1alpha1.HealthReport;
import io.egressfed.api.v1alpha1.Heartbeat;
import io.egressfed.api.v1alpha1.Hello;
import io.egressfed.api.v1alpha1.HubMessage;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's end of one {@code Connect} stream: says hello with the last applied version, sends
 * heartbeats (and health reports) every interval and the health reports the link pushes on a change,
 * hands configs to the pipeline and lease grants to the lease keeper, and gives up on the stream when the
 * hub stays silent for too long. Thread-safe.
 */
final class HubStream implements ClientResponseObserver<AgentMessage, HubMessage> {

    private static final Logger log = LoggerFactory.getLogger(HubStream.class);

    /** What the link learns from a stream. */
    interface Events {
        /**
         * The hub answered for the first time: the stream is healthy.
         *
         * @param stream the stream
         */
        void established(HubStream stream);

        /**
         * The stream ended; it sends and receives nothing more.
         *
         * @param stream the stream
         * @param status why it ended
         */
        void ended(HubStream stream, Status status);
    }

    private final HubLinkSettings settings;
    private final ConfigPipeline pipeline;
    private final LeaseGrantReceiver leases;
    private final Optional<LatestHealth> health;
    private final Events events;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;

    private final Object lock = new Object();
    // Guarded by lock.
    private ClientCallStreamObserver<AgentMessage> requests;
    private boolean heard;
    private boolean ended;
    private long lastHeardNanos;
    private long heartbeatSeq;
    private ScheduledFuture<?> ticker;
    private String hubError;

    HubStream(HubLinkSettings settings, ConfigPipeline pipeline, LeaseGrantReceiver leases,
            Optional<LatestHealth> health, Events events, Clock clock, ScheduledExecutorService scheduler) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
        this.leases = Objects.requireNonNull(leases, "leases");
        this.health = Objects.requireNonNull(health, "health");
        this.events = Objects.requireNonNull(events, "events");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<AgentMessage> requestStream) {
        synchronized (lock) {
            this.requests = requestStream;
        }
    }

    /** Says hello and starts the heartbeat timer; call right after the call was started. */
    void start() {
        Hello.Builder hello = Hello.newBuilder()
                .setCluster(settings.cluster())
                .setLastAppliedVersion(pipeline.helloVersion())
                .setAgentVersion(settings.agentVersion());
        long interval = settings.heartbeatInterval().toNanos();
        synchronized (lock) {
            lastHeardNanos = System.nanoTime();
            send(AgentMessage.newBuilder().setHello(hello).build());
            if (!ended) {
                ticker = scheduler.scheduleAtFixedRate(this::tick, interval, interval, TimeUnit.NANOSECONDS);
            }
        }
    }

    /**
     * Sends a message if the stream is still open; otherwise it is dropped (the hub learns the state
     * from the next hello).
     *
     * @param message the message
     */
    void send(AgentMessage message) {
        synchronized (lock) {
            if (ended || requests == null) {
                return;
            }
            try {
                requests.onNext(message);
            } catch (IllegalStateException e) {
                // The call was cancelled underneath; its end is reported through onError.
                log.debug("dropped a message on a closed stream: {}", e.getMessage());
            }
        }
    }

    /**
     * Ends the stream from this side.
     *
     * @param reason why, for the hub's logs
     */
    void cancel(String reason) {
        ClientCallStreamObserver<AgentMessage> call;
        synchronized (lock) {
            call = ended ? null : requests;
        }
        if (call != null) {
            call.cancel(reason, null);
        }
    }

    @Override
    public void onNext(HubMessage message) {
        boolean first;
        synchronized (lock) {
            if (ended) {
                return;
            }
            lastHeardNanos = System.nanoTime();
            first = !heard;
            heard = true;
        }
        if (first) {
            events.established(this);
        }
        switch (message.getKindCase()) {
            case CONFIG -> pipeline.offer(message.getConfig());
            case ERROR -> {
                log.warn("the hub refuses this stream: {}", message.getError());
                synchronized (lock) {
                    hubError = message.getError();
                }
            }
            case LEASE -> grant(message);
            case HEARTBEAT, KIND_NOT_SET -> {
                // Heartbeats only prove liveness, which receiving them already recorded.
            }
        }
    }

    private void grant(HubMessage message) {
        try {
            leases.grant(message.getLease());
        } catch (IllegalArgumentException e) {
            // Nothing was recorded: the leases it would have renewed run out, and their assignments are fenced.
            log.warn("ignoring a malformed lease grant from the hub: {}", e.getMessage());
        }
    }

    @Override
    public void onError(Throwable error) {
        Status status = Status.fromThrowable(error);
        String refusal;
        synchronized (lock) {
            refusal = hubError;
        }
        if (refusal != null && status.getDescription() == null) {
            status = status.withDescription(refusal);
        }
        finish(status);
    }

    @Override
    public void onCompleted() {
        finish(Status.UNAVAILABLE.withDescription("the hub closed the stream"));
    }

    private void tick() {
        long silentNanos;
        synchronized (lock) {
            if (ended) {
                return;
            }
            silentNanos = System.nanoTime() - lastHeardNanos;
        }
        Duration limit = settings.silenceLimit();
        if (silentNanos > limit.toNanos()) {
            cancel("no message from the hub for " + Duration.ofNanos(silentNanos).toMillis() + " ms");
            return;
        }
        Instant now = clock.instant();
        send(AgentMessage.newBuilder().setHeartbeat(Heartbeat.newBuilder()
                .setSeq(nextSeq())
                .setSentAt(timestamp(now))).build());
        health.ifPresent(source -> source.refreshAndGet().ifPresent(this::sendHealth));
    }

    /**
     * Sends a health report, filling in what the reporter left out (cluster, applied version, time).
     *
     * @param report the report
     */
    void sendHealth(HealthReport report) {
        HealthReport.Builder completed = report.toBuilder();
        if (report.getCluster().isEmpty()) {
            completed.setCluster(settings.cluster());
        }
        if (report.getAppliedVersion() == 0) {
            completed.setAppliedVersion(pipeline.appliedVersion());
        }
        if (!report.hasObservedAt()) {
            completed.setObservedAt(timestamp(clock.instant()));
        }
        send(AgentMessage.newBuilder().setHealth(completed).build());
    }

    private long nextSeq() {
        synchronized (lock) {
            return ++heartbeatSeq;
        }
    }

    private void finish(Status status) {
        synchronized (lock) {
            if (ended) {
                return;
            }
            ended = true;
            if (ticker != null) {
                ticker.cancel(false);
            }
        }
        events.ended(this, status);
    }

    private static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }
}
