package io.egressfed.e2e.bench.fleet;

import com.google.protobuf.util.Timestamps;
import io.egressfed.agent.link.HubLink;
import io.egressfed.agent.link.HubLinkSettings;
import io.egressfed.agent.link.LinkState;
import io.egressfed.agent.link.TlsLinkChannels;
import io.egressfed.api.envelope.Ed25519PublicKey;
import io.egressfed.api.pki.BootstrapToken;
import io.egressfed.api.pki.CaPin;
import io.egressfed.api.v1alpha1.Backend;
import io.egressfed.api.v1alpha1.GatewayInventory;
import io.egressfed.api.v1alpha1.HealthReport;
import io.egressfed.e2e.lab.demo.Poller;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Many lightweight agents in one process: each is the real agent {@link HubLink} (enrollment with a
 * bootstrap token, mutual TLS, signature verification against the pinned hub key, ACK/NACK, heartbeats),
 * with an in-memory backend instead of a Kubernetes cluster. Each reports one ready gateway node, so that
 * the hub counts its cluster healthy.
 */
public final class LightAgentFleet implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LightAgentFleet.class);
    /** How many agents may be enrolling or connecting at once, so that start-up does not swamp the hub. */
    private static final int CONNECTING_AT_ONCE = 64;

    /**
     * One agent to start.
     *
     * @param cluster its cluster (a MemberCluster the hub knows)
     * @param token its single-use bootstrap token
     */
    public record Member(String cluster, BootstrapToken token) {
        /** Requires both. */
        public Member {
            Objects.requireNonNull(cluster, "cluster");
            Objects.requireNonNull(token, "token");
        }
    }

    /**
     * Where the agents connect and what they trust.
     *
     * @param hubAddress the hub's spoke-link address, {@code host:port}
     * @param caPin the hub CA fingerprint
     * @param signingKeys the pinned config-signing keys
     * @param heartbeat the heartbeat interval
     */
    public record Target(String hubAddress, CaPin caPin, List<Ed25519PublicKey> signingKeys, Duration heartbeat) {
        /** Copies the keys. */
        public Target {
            Objects.requireNonNull(hubAddress, "hubAddress");
            Objects.requireNonNull(caPin, "caPin");
            signingKeys = List.copyOf(signingKeys);
            Objects.requireNonNull(heartbeat, "heartbeat");
        }
    }

    private record Agent(String cluster, HubLink link, RecordingApplier applier) {
    }

    private final ScheduledExecutorService scheduler;
    private final List<Agent> agents;

    private LightAgentFleet(ScheduledExecutorService scheduler, List<Agent> agents) {
        this.scheduler = scheduler;
        this.agents = agents;
    }

    /**
     * Starts one agent per member and returns once every one is connected.
     *
     * @param target the hub
     * @param members the agents
     * @param timeout how long connecting all of them may take
     * @return the fleet
     * @throws TimeoutException when not every agent connected in time (the fleet is closed)
     * @throws InterruptedException when interrupted (the fleet is closed)
     */
    public static LightAgentFleet start(Target target, List<Member> members, Duration timeout)
            throws TimeoutException, InterruptedException {
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(
                Math.max(2, Runtime.getRuntime().availableProcessors()), runnable -> {
                    Thread thread = new Thread(runnable, "light-agents");
                    thread.setDaemon(true);
                    return thread;
                });
        List<Agent> agents = new ArrayList<>();
        LightAgentFleet fleet = new LightAgentFleet(scheduler, agents);
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Poller poller = new Poller()) {
            for (Member member : members) {
                fleet.await(poller, deadline, () -> fleet.connecting() < CONNECTING_AT_ONCE);
                agents.add(startAgent(target, member, scheduler));
            }
            fleet.await(poller, deadline, () -> fleet.connected() == members.size());
            return fleet;
        } catch (TimeoutException | InterruptedException | RuntimeException failure) {
            fleet.close();
            throw failure;
        }
    }

    private static Agent startAgent(Target target, Member member, ScheduledExecutorService scheduler) {
        RecordingApplier applier = new RecordingApplier();
        HubLinkSettings settings = HubLinkSettings.of(member.cluster(), target.caPin(), target.signingKeys())
                .withBootstrapToken(member.token())
                .withAgentVersion("bench-light")
                .withHeartbeat(target.heartbeat(), HubLinkSettings.DEFAULT_MISSED_HEARTBEATS);
        Clock clock = Clock.systemUTC();
        HubLink link = new HubLink(settings, new TlsLinkChannels(target.hubAddress(), target.caPin()),
                new MemoryCredentialStore(), new MemoryVersionStore(), applier,
                // An in-memory backend holds nothing a lease could protect.
                grant -> { },
                Optional.of(() -> CompletableFuture.completedFuture(health(member.cluster(), applier, clock))),
                clock, scheduler);
        link.start().join();
        return new Agent(member.cluster(), link, applier);
    }

    private static HealthReport health(String cluster, RecordingApplier applier, Clock clock) {
        return HealthReport.newBuilder()
                .setCluster(cluster)
                .setAgentVersion("bench-light")
                .addDetectedBackends(Backend.BACKEND_KUBE_VIP)
                .addInventory(GatewayInventory.newBuilder().setNode(cluster + "-gw").setReady(true))
                .setAppliedVersion(applier.lastVersion())
                .setObservedAt(Timestamps.fromMillis(clock.millis()))
                .build();
    }

    /** How many agents are connected now. */
    public int connected() {
        return (int) agents.stream().filter(a -> a.link().status().state() == LinkState.CONNECTED).count();
    }

    /** How many agents are still enrolling or connecting. */
    private int connecting() {
        return (int) agents.stream().map(a -> a.link().status().state())
                .filter(state -> state != LinkState.CONNECTED).count();
    }

    /** How many configs all agents together applied (each verified first). */
    public long configsApplied() {
        return agents.stream().mapToLong(a -> a.applier().applied()).sum();
    }

    /** How many agents the fleet holds. */
    public int size() {
        return agents.size();
    }

    private void await(Poller poller, long deadlineNanos, BooleanSupplier condition)
            throws TimeoutException, InterruptedException {
        if (condition.getAsBoolean()) {
            return;
        }
        Duration left = Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
        try {
            poller.until("the lightweight agents to connect", left,
                    () -> condition.getAsBoolean() ? Optional.of(true) : Optional.empty(), () -> "").get();
        } catch (ExecutionException timedOut) {
            List<String> failed = agents.stream().filter(a -> a.link().status().state() != LinkState.CONNECTED)
                    .limit(3).map(a -> a.cluster() + " " + a.link().status().state()
                            + (a.link().status().lastError().isEmpty() ? "" : " (" + a.link().status().lastError() + ")"))
                    .toList();
            throw new TimeoutException(connected() + " of " + agents.size() + " agents connected in time; e.g. "
                    + failed);
        }
    }

    @Override
    public void close() {
        agents.forEach(agent -> agent.link().close());
        scheduler.shutdownNow();
        LOG.info("{} lightweight agents stopped", agents.size());
    }
}
