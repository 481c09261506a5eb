package io.egressfed.agent;

import io.egressfed.agent.apply.AgentApplier;
import io.egressfed.agent.apply.AgentSettings;
import io.egressfed.agent.apply.AppliedVersionStore;
import io.egressfed.agent.apply.ConfigApplier;
import io.egressfed.agent.apply.ConfigMapAppliedVersionStore;
import io.egressfed.agent.apply.FileAppliedVersionStore;
import io.egressfed.agent.election.TakeoverMonitor;
import io.egressfed.agent.health.AgentHealthReporter;
import io.egressfed.agent.health.HealthReporter;
import io.egressfed.agent.lease.LeaseKeeper;
import io.egressfed.agent.lease.MonotonicClock;
import io.egressfed.agent.link.CredentialStore;
import io.egressfed.agent.link.DirectoryCredentialStore;
import io.egressfed.agent.link.HubLink;
import io.egressfed.agent.link.HubLinkSettings;
import io.egressfed.agent.link.LinkChannels;
import io.egressfed.agent.link.LinkStatus;
import io.egressfed.agent.link.SecretCredentialStore;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What only the leading replica runs: the leases, the Kubernetes backends (which fence every owned
 * ActivePassive object when they start) and then the hub link. Everything that writes to the cluster or
 * talks to the hub's config stream lives here, so that closing it stops every write.
 */
final class LeaderWork implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LeaderWork.class);
    private static final long START_TIMEOUT_SECONDS = 60;
    private static final long STOP_FENCE_TIMEOUT_SECONDS = 10;

    private final HubLink link;
    private final Optional<AgentApplier> backend;
    private final Deque<AutoCloseable> closeables;

    private LeaderWork(HubLink link, Optional<AgentApplier> backend, Deque<AutoCloseable> closeables) {
        this.link = link;
        this.backend = backend;
        this.closeables = closeables;
    }

    /**
     * Starts the backends (fencing first) and then the hub link, so nothing reaches the cluster from the
     * hub before the fence is written. Lease grants reach the lease keeper through {@code takeover}, which
     * checks the hub's failover delay against the election's timing.
     */
    static LeaderWork start(AgentOptions options, Optional<KubernetesClient> kubernetes, HubLinkSettings settings,
                            LinkChannels channels, PrometheusRegistry registry, TakeoverMonitor takeover,
                            ScheduledExecutorService scheduler, Clock clock) throws IOException {
        Deque<AutoCloseable> closeables = new ArrayDeque<>();
        try {
            LeaseKeeper leases = new LeaseKeeper(MonotonicClock.system(), scheduler);
            closeables.push(leases);
            Optional<AgentApplier> backend = Optional.empty();
            ConfigApplier applier;
            AppliedVersionStore versions;
            Optional<HealthReporter> health = Optional.empty();
            if (kubernetes.isPresent()) {
                AgentSettings agentSettings = AgentSettings.of(options.cluster(), options.agentVersion(),
                        options.namespace()).withManagedNamespaces(options.managedNamespaces());
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
            HubLink link = new HubLink(settings, channels, credentials(options, kubernetes), versions, applier,
                    takeover.watching(leases), health, clock, scheduler);
            closeables.push(link);
            join(link.start(), "the hub link");
            return new LeaderWork(link, backend, closeables);
        } catch (IOException | RuntimeException e) {
            closeAll(closeables);
            throw e;
        }
    }

    /** @return the hub link's state */
    LinkStatus linkStatus() {
        return link.status();
    }

    /** @return the Kubernetes backends, when the agent runs against a cluster */
    Optional<AgentApplier> backend() {
        return backend;
    }

    /**
     * Shuts down as the only writer: the hub link first (no config arrives after this), then every owned
     * ActivePassive object is fenced, since nobody will renew its lease or fence it later, then the rest.
     */
    void stopFencing() {
        link.close();
        backend.ifPresent(applier -> {
            try {
                applier.fenceAndStop().get(STOP_FENCE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                LOG.error("interrupted while fencing ActivePassive objects on shutdown");
            } catch (ExecutionException | TimeoutException e) {
                LOG.error("could not fence ActivePassive objects on shutdown; the next agent to start fences them: {}",
                        e.getCause() == null ? e.toString() : e.getCause().getMessage());
            }
        });
        close();
    }

    /** Stops every write at once, fencing nothing (another replica may be writing already). */
    @Override
    public void close() {
        closeAll(closeables);
    }

    private static CredentialStore credentials(AgentOptions options, Optional<KubernetesClient> kubernetes)
            throws IOException {
        if (options.credentialsSecret().isEmpty()) {
            return new DirectoryCredentialStore(options.stateDir().resolve("credentials"));
        }
        if (kubernetes.isEmpty()) {
            throw new IOException("--credentials-secret needs the Kubernetes API (--kubeconfig or --in-cluster)");
        }
        return new SecretCredentialStore(kubernetes.get(), options.namespace(), options.credentialsSecret().get());
    }

    static void closeAll(Deque<AutoCloseable> closeables) {
        while (!closeables.isEmpty()) {
            try {
                closeables.pop().close();
            } catch (Exception e) {
                LOG.warn("while stopping the agent: {}", e.toString());
            }
        }
    }

    static void join(CompletableFuture<?> future, String what) throws IOException {
        try {
            future.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting " + what, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IOException("could not start " + what + ": " + cause.getMessage(), cause);
        } catch (TimeoutException e) {
            throw new IOException("could not start " + what + " within " + START_TIMEOUT_SECONDS + " s", e);
        }
    }
}
