package io.egressfed.agent;

import io.egressfed.agent.apply.AgentApplier;
import io.egressfed.agent.election.LeaderElectionSettings;
import io.egressfed.agent.election.LeadershipListener;
import io.egressfed.agent.election.LeaseElection;
import io.egressfed.agent.election.TakeoverMonitor;
import io.egressfed.agent.link.HubLinkSettings;
import io.egressfed.agent.link.LinkChannels;
import io.egressfed.agent.link.LinkState;
import io.egressfed.agent.link.LinkStatus;
import io.egressfed.agent.link.TlsLinkChannels;
import io.egressfed.api.envelope.Ed25519Pem;
import io.egressfed.api.envelope.Ed25519PublicKey;
import io.egressfed.api.ops.OpsHttpServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One agent, assembled: the hub link (enrollment, mTLS stream, verification) feeding the Kubernetes
 * backends (Cilium, kube-vip, cilium-vip) or, without Kubernetes, a logging applier; health reports;
 * the ops endpoints.
 *
 * <p>With leader election, the link and the backends run only while this replica leads
 * ({@link LeaderWork}); a standby serves the ops endpoints and is ready (so that rolling updates and
 * {@code helm --wait} work with two replicas), and {@code egressfed_agent_leader} tells the two apart. A
 * replica that loses the leadership stops writing at once and reports it through {@link #stopped()}; it
 * never stands again, the process is expected to exit and be restarted. {@link TakeoverMonitor} tells
 * (by log and {@value TakeoverMonitor#TAKEOVER_EXCEEDS_FAILOVER}) when a standby could take over too late
 * for the hub's failover delay.
 */
public final class Agent implements AutoCloseable {

    /** Gauge: 1 while this replica runs the link and the backends, 0 while it stands by. */
    public static final String LEADER_METRIC = "egressfed_agent_leader";

    private static final Logger LOG = LoggerFactory.getLogger(Agent.class);

    private final AgentOptions options;
    private final Optional<KubernetesClient> kubernetes;
    private final HubLinkSettings settings;
    private final LinkChannels channels;
    private final PrometheusRegistry registry;
    private final TakeoverMonitor takeover;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final Deque<AutoCloseable> closeables;
    private final CompletableFuture<String> stopped = new CompletableFuture<>();
    private volatile OpsHttpServer ops;
    private volatile Optional<LeaseElection> election = Optional.empty();

    private final Object lock = new Object();
    // Guarded by lock.
    private LeaderWork work;
    private boolean finished;

    private Agent(AgentOptions options, Optional<KubernetesClient> kubernetes, HubLinkSettings settings,
                  LinkChannels channels, PrometheusRegistry registry, TakeoverMonitor takeover,
                  ScheduledExecutorService scheduler, Clock clock, Deque<AutoCloseable> closeables) {
        this.options = options;
        this.kubernetes = kubernetes;
        this.settings = settings;
        this.channels = channels;
        this.registry = registry;
        this.takeover = takeover;
        this.scheduler = scheduler;
        this.clock = clock;
        this.closeables = closeables;
    }

    /**
     * Starts an agent. Without leader election it returns once the backends fenced what they own and the
     * link started; with it, once the agent stands as a candidate (it may lead by then or later).
     *
     * @param options what to start with
     * @param kubernetes the cluster's API; empty runs without a backend (configs are verified and logged)
     * @return the running agent
     * @throws IOException when keys, credentials or the ops port cannot be set up
     */
    public static Agent start(AgentOptions options, Optional<KubernetesClient> kubernetes) throws IOException {
        if (options.leaderElection().isPresent() && kubernetes.isEmpty()) {
            throw new IOException("--leader-elect needs the Kubernetes API (--kubeconfig or --in-cluster)");
        }
        Deque<AutoCloseable> closeables = new ArrayDeque<>();
        try {
            return start(options, kubernetes, closeables);
        } catch (IOException | RuntimeException e) {
            LeaderWork.closeAll(closeables);
            throw e;
        }
    }

    private static Agent start(AgentOptions options, Optional<KubernetesClient> kubernetes,
                               Deque<AutoCloseable> closeables) throws IOException {
        PrometheusRegistry registry = new PrometheusRegistry();
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "agent-" + options.cluster());
            thread.setDaemon(true);
            return thread;
        });
        closeables.push(scheduler::shutdownNow);
        LinkChannels channels = new TlsLinkChannels(options.hub(), options.caPin());
        List<Ed25519PublicKey> trusted = new ArrayList<>();
        for (Path file : options.signingKeyFiles()) {
            trusted.add(Ed25519Pem.readPublicKey(file));
        }
        if (!options.signingKeyIds().isEmpty()) {
            trusted.addAll(SigningKeyPins.resolve(options.signingKeyIds(), options.stateDir(), channels));
        }
        HubLinkSettings settings = HubLinkSettings.of(options.cluster(), options.caPin(), trusted)
                .withAgentVersion(options.agentVersion());
        if (options.bootstrapToken().isPresent()) {
            settings = settings.withBootstrapToken(options.bootstrapToken().get());
        }
        // Registered before any work starts, so that the gauge reads 0 until a grant says otherwise.
        TakeoverMonitor takeover = new TakeoverMonitor(registry, options.leaderElection());
        Agent agent = new Agent(options, kubernetes, settings, channels, registry, takeover, scheduler,
                Clock.systemUTC(), closeables);
        GaugeWithCallback.builder().name(LEADER_METRIC)
                .help("1 while this agent replica runs the hub link and the backends, 0 while it stands by")
                .callback(callback -> callback.call(agent.isLeader() ? 1 : 0))
                .register(registry);
        if (options.leaderElection().isEmpty()) {
            LeaderWork started = LeaderWork.start(options, kubernetes, settings, channels, registry, takeover,
                    scheduler, Clock.systemUTC());
            synchronized (agent.lock) {
                agent.work = started;
            }
        }
        agent.ops = OpsHttpServer.start(options.httpAddress(), registry, agent::notReady);
        closeables.push(agent.ops);
        options.leaderElection().ifPresent(election -> agent.stand(election, kubernetes.get()));
        return agent;
    }

    /** @return the hub link's state; a standby reports {@link LinkState#NEW} with the reason */
    public LinkStatus linkStatus() {
        LeaderWork current = current();
        if (current != null) {
            return current.linkStatus();
        }
        return new LinkStatus(LinkState.NEW, 0, 0, 0, Optional.empty(), stopped.isDone()
                ? "stopped: " + stopped.getNow("") : "standby: another replica leads");
    }

    /** @return the Kubernetes backends, while this agent runs them */
    public Optional<AgentApplier> backend() {
        LeaderWork current = current();
        return current == null ? Optional.empty() : current.backend();
    }

    /** @return whether this agent runs the link and the backends (always, without leader election) */
    public boolean isLeader() {
        return current() != null;
    }

    /**
     * Completes, with the reason, when the agent stopped working on its own: it lost the leadership, or
     * could not start its work after being elected. The process should then exit so that Kubernetes
     * restarts it as a fresh candidate. Never completes without leader election.
     *
     * @return the future
     */
    public CompletableFuture<String> stopped() {
        return stopped;
    }

    /** @return the bound ops port */
    public int httpPort() {
        return ops.port();
    }

    /** @return the agent's metrics */
    public PrometheusRegistry metrics() {
        return registry;
    }

    /**
     * Stops the agent. A leader first closes the link and fences every owned ActivePassive object (nobody
     * would renew or fence them after it), then releases the leadership so a standby takes over at once.
     */
    @Override
    public void close() {
        LeaderWork current;
        synchronized (lock) {
            finished = true;
            current = work;
            work = null;
        }
        if (current != null) {
            current.stopFencing();
        }
        LeaderWork.closeAll(closeables);
    }

    private void stand(LeaderElectionSettings settings, KubernetesClient client) {
        ExecutorService leaderThread = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "agent-leader-" + options.cluster());
            thread.setDaemon(true);
            return thread;
        });
        closeables.push(leaderThread::shutdownNow);
        LeaseElection candidate = new LeaseElection(client, settings, new LeadershipListener() {
            @Override
            public void elected() {
                // Off the elector's thread, so that starting (up to a minute) never delays a renewal.
                leaderThread.execute(Agent.this::lead);
            }

            @Override
            public void deposed() {
                stepDown("lost the leadership of Lease " + settings.namespace() + "/" + settings.leaseName());
            }
        });
        closeables.push(candidate);
        election = Optional.of(candidate);
        candidate.start();
    }

    private void lead() {
        LeaderWork started;
        try {
            started = LeaderWork.start(options, kubernetes, settings, channels, registry, takeover, scheduler,
                    clock);
        } catch (IOException | RuntimeException e) {
            LOG.error("Elected, but could not start: {}", e.getMessage());
            election.ifPresent(LeaseElection::close);
            stepDown("could not start after being elected: " + e.getMessage());
            return;
        }
        synchronized (lock) {
            if (!finished) {
                work = started;
                LOG.info("Leading: this replica runs the hub link and the backends");
                return;
            }
        }
        started.close();
    }

    /** Stops every write now, without fencing: another replica may lead already. */
    private void stepDown(String reason) {
        LeaderWork current;
        synchronized (lock) {
            finished = true;
            current = work;
            work = null;
        }
        if (current != null) {
            current.close();
        }
        LOG.error("Agent stopped: {}; nothing is written any more, the process should restart as a standby", reason);
        stopped.complete(reason);
    }

    private LeaderWork current() {
        synchronized (lock) {
            return work;
        }
    }

    private List<String> notReady() {
        if (stopped.isDone()) {
            return List.of("stopped: " + stopped.getNow(""));
        }
        LeaderWork current = current();
        if (current == null) {
            return List.of();
        }
        LinkStatus status = current.linkStatus();
        return status.state() == LinkState.CONNECTED ? List.of()
                : List.of("hub link " + status.state() + (status.lastError().isEmpty() ? "" : ": " + status.lastError()));
    }
}
