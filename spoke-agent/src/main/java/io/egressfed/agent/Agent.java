package io.egressfed.agent;

import io.egressfed.agent.apply.AgentApplier;
import io.egressfed.agent.apply.AgentSettings;
import io.egressfed.agent.apply.AppliedVersionStore;
import io.egressfed.agent.apply.ConfigApplier;
import io.egressfed.agent.apply.ConfigMapAppliedVersionStore;
import io.egressfed.agent.apply.FileAppliedVersionStore;
import io.egressfed.agent.health.AgentHealthReporter;
import io.egressfed.agent.health.HealthReporter;
import io.egressfed.agent.lease.LeaseKeeper;
import io.egressfed.agent.lease.MonotonicClock;
import io.egressfed.agent.link.DirectoryCredentialStore;
import io.egressfed.agent.link.HubLink;
import io.egressfed.agent.link.HubLinkSettings;
import io.egressfed.agent.link.LinkChannels;
import io.egressfed.agent.link.LinkState;
import io.egressfed.agent.link.LinkStatus;
import io.egressfed.agent.link.TlsLinkChannels;
import io.egressfed.api.envelope.Ed25519Pem;
import io.egressfed.api.envelope.Ed25519PublicKey;
import io.egressfed.api.ops.OpsHttpServer;
import io.fabric8.kubernetes.client.KubernetesClient;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One agent, assembled: the hub link (enrollment, mTLS stream, verification) feeding the Kubernetes
 * backends (Cilium, kube-vip, cilium-vip) or, without Kubernetes, a logging applier; health reports;
 * the ops endpoints.
 */
public final class Agent implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Agent.class);

    private final HubLink link;
    private final Optional<AgentApplier> applier;
    private final OpsHttpServer ops;
    private final PrometheusRegistry registry;
    private final Deque<AutoCloseable> closeables;

    private Agent(HubLink link, Optional<AgentApplier> applier, OpsHttpServer ops, PrometheusRegistry registry,
                  Deque<AutoCloseable> closeables) {
        this.link = link;
        this.applier = applier;
        this.ops = ops;
        this.registry = registry;
        this.closeables = closeables;
    }

    /**
     * Starts an agent.
     *
     * @param options what to start with
     * @param kubernetes the cluster's API; empty runs without a backend (configs are verified and logged)
     * @return the running agent
     * @throws IOException when keys, credentials or the ops port cannot be set up
     */
    public static Agent start(AgentOptions options, Optional<KubernetesClient> kubernetes) throws IOException {
        Deque<AutoCloseable> closeables = new ArrayDeque<>();
        try {
            return start(options, kubernetes, closeables);
        } catch (IOException | RuntimeException e) {
            closeAll(closeables);
            throw e;
        }
    }

    private static Agent start(AgentOptions options, Optional<KubernetesClient> kubernetes,
                               Deque<AutoCloseable> closeables) throws IOException {
        Clock clock = Clock.systemUTC();
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

        LeaseKeeper leases = new LeaseKeeper(MonotonicClock.system(), scheduler);
        closeables.push(leases);
        Optional<AgentApplier> backend = Optional.empty();
        ConfigApplier applier;
        AppliedVersionStore versions;
        Optional<HealthReporter> health = Optional.empty();
        if (kubernetes.isPresent()) {
            AgentSettings agentSettings = AgentSettings.of(options.cluster(), options.agentVersion(),
                    options.namespace());
            // One store for both: the backends persist each version they apply and refuse older ones; the
            // link then finds the version already recorded when it makes sure of it before ACKing.
            versions = new ConfigMapAppliedVersionStore(kubernetes.get(), options.namespace(),
                    ConfigMapAppliedVersionStore.DEFAULT_NAME, scheduler);
            AgentApplier kube = new AgentApplier(kubernetes.get(), agentSettings, versions, leases, registry);
            closeables.push(kube);
            join(kube.start(), "the Kubernetes backends");
            backend = Optional.of(kube);
            applier = kube;
            health = Optional.of(new AgentHealthReporter(agentSettings, kube, clock));
        } else {
            LOG.warn("no Kubernetes API given: configs are verified and logged, nothing is written");
            applier = new LoggingConfigApplier();
            versions = new FileAppliedVersionStore(options.stateDir().resolve("applied-version"), scheduler);
        }
        HubLink link = new HubLink(settings, channels, new DirectoryCredentialStore(options.stateDir().resolve("credentials")),
                versions, applier, leases, health, clock, scheduler);
        closeables.push(link);
        join(link.start(), "the hub link");
        OpsHttpServer ops = OpsHttpServer.start(options.httpAddress(), registry, () -> {
            LinkStatus status = link.status();
            return status.state() == LinkState.CONNECTED ? List.of()
                    : List.of("hub link " + status.state() + (status.lastError().isEmpty() ? "" : ": " + status.lastError()));
        });
        closeables.push(ops);
        return new Agent(link, backend, ops, registry, closeables);
    }

    /** @return the hub link's state */
    public LinkStatus linkStatus() {
        return link.status();
    }

    /** @return the Kubernetes backends, when the agent runs against a cluster */
    public Optional<AgentApplier> backend() {
        return applier;
    }

    /** @return the bound ops port */
    public int httpPort() {
        return ops.port();
    }

    /** @return the agent's metrics */
    public PrometheusRegistry metrics() {
        return registry;
    }

    @Override
    public void close() {
        closeAll(closeables);
    }

    private static void closeAll(Deque<AutoCloseable> closeables) {
        while (!closeables.isEmpty()) {
            try {
                closeables.pop().close();
            } catch (Exception e) {
                LOG.warn("while stopping the agent: {}", e.toString());
            }
        }
    }

    private static void join(CompletableFuture<?> future, String what) throws IOException {
        try {
            future.get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting " + what, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IOException("could not start " + what + ": " + cause.getMessage(), cause);
        } catch (TimeoutException e) {
            throw new IOException("could not start " + what + " within 60 s", e);
        }
    }
}
