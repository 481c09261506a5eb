package io.egressfed.hub.link;

import io.egressfed.api.pki.ClusterIdentity;
import io.egressfed.api.v1alpha1.AgentMessage;
import io.egressfed.api.v1alpha1.EnrollRequest;
import io.egressfed.api.v1alpha1.EnrollResponse;
import io.egressfed.api.v1alpha1.GetSigningKeysRequest;
import io.egressfed.api.v1alpha1.GetSigningKeysResponse;
import io.egressfed.api.v1alpha1.HubMessage;
import io.egressfed.api.v1alpha1.RenewRequest;
import io.egressfed.api.v1alpha1.SpokeLinkGrpc;
import io.egressfed.hub.pki.ClusterIdentityInterceptor;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's {@code SpokeLink} service. Serve it behind {@link ClusterIdentityInterceptor#forSpokeLink()}
 * on a port whose TLS context verifies client certificates against the hub CA (see
 * {@link SpokeLinkServers}): {@code Renew} and {@code Connect} act for the cluster of the caller's
 * certificate and for no other.
 */
public final class SpokeLinkService extends SpokeLinkGrpc.SpokeLinkImplBase implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SpokeLinkService.class);

    private final LinkEnrollment enrollment;
    private final ConfigFeed feed;
    private final LiveStatusRegistry registry;
    private final LinkSettings settings;
    private final LeaseGranter leases;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final AtomicLong streamIds = new AtomicLong();
    private final Set<AgentSession> sessions = ConcurrentHashMap.newKeySet();

    /**
     * Creates the service.
     *
     * @param enrollment handles Enroll and Renew
     * @param feed the clusters' current configs
     * @param registry receives the agents' live status
     * @param settings heartbeat, silence and debounce timing
     * @param leases grants the ActivePassive leases of the streams this service holds
     * @param clock the time of status records
     * @param scheduler runs heartbeats and debounced pushes (owned by the caller)
     */
    public SpokeLinkService(LinkEnrollment enrollment, ConfigFeed feed, LiveStatusRegistry registry,
            LinkSettings settings, LeaseGranter leases, Clock clock, ScheduledExecutorService scheduler) {
        this.enrollment = Objects.requireNonNull(enrollment, "enrollment");
        this.feed = Objects.requireNonNull(feed, "feed");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.leases = Objects.requireNonNull(leases, "leases");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    }

    @Override
    public void enroll(EnrollRequest request, StreamObserver<EnrollResponse> responses) {
        reply(enrollment.enroll(request), responses);
    }

    @Override
    public void getSigningKeys(GetSigningKeysRequest request, StreamObserver<GetSigningKeysResponse> responses) {
        responses.onNext(GetSigningKeysResponse.newBuilder().addAllSigningKeys(enrollment.signingKeys()).build());
        responses.onCompleted();
    }

    @Override
    public void renew(RenewRequest request, StreamObserver<EnrollResponse> responses) {
        Optional<ClusterIdentity> caller = ClusterIdentityInterceptor.currentIfAny();
        if (caller.isEmpty()) {
            responses.onError(unauthenticated("Renew").asRuntimeException());
            return;
        }
        reply(enrollment.renew(caller.get(), request), responses);
    }

    @Override
    public StreamObserver<AgentMessage> connect(StreamObserver<HubMessage> responses) {
        Optional<ClusterIdentity> caller = ClusterIdentityInterceptor.currentIfAny();
        if (caller.isEmpty()) {
            responses.onError(unauthenticated("Connect").asRuntimeException());
            return new DiscardingObserver();
        }
        AgentSession[] self = new AgentSession[1];
        self[0] = new AgentSession(streamIds.incrementAndGet(), caller.get(),
                (ServerCallStreamObserver<HubMessage>) responses, feed, registry, settings, leases, clock, scheduler,
                () -> sessions.remove(self[0]));
        sessions.add(self[0]);
        self[0].start();
        return self[0];
    }

    /**
     * Lists the clusters with an open stream on this service, for diagnostics.
     *
     * @return one entry per open stream (a cluster may appear twice while an agent reconnects)
     */
    public List<String> openStreams() {
        return sessions.stream().map(AgentSession::cluster).sorted().toList();
    }

    /** Closes every open stream with {@code UNAVAILABLE}, so that agents reconnect elsewhere. */
    @Override
    public void close() {
        for (AgentSession session : List.copyOf(sessions)) {
            session.shutDown();
        }
    }

    private static Status unauthenticated(String method) {
        return Status.UNAUTHENTICATED.withDescription("a client certificate issued by the hub CA is required for "
                + method);
    }

    private static void reply(CompletableFuture<EnrollResponse> outcome, StreamObserver<EnrollResponse> responses) {
        outcome.whenComplete((response, error) -> {
            if (error == null) {
                responses.onNext(response);
                responses.onCompleted();
                return;
            }
            Throwable cause = error instanceof CompletionException && error.getCause() != null
                    ? error.getCause() : error;
            if (cause instanceof StatusException status) {
                responses.onError(status);
            } else {
                log.error("certificate request failed", cause);
                responses.onError(Status.INTERNAL.withDescription("the hub could not issue a certificate")
                        .asRuntimeException());
            }
        });
    }

    /** Swallows what a refused caller still sends. */
    private static final class DiscardingObserver implements StreamObserver<AgentMessage> {
        @Override
        public void onNext(AgentMessage message) {
            // The call is already closed; nothing the caller sends matters.
        }

        @Override
        public void onError(Throwable error) {
            // Nothing to clean up: no session was created.
        }

        @Override
        public void onCompleted() {
            // Nothing to clean up: no session was created.
        }
    }
}
