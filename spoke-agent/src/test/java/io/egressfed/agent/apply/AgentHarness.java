package io.egressfed.agent.apply;

import io.egressfed.agent.health.AgentHealthReporter;
import io.egressfed.agent.lease.DrivenTime;
import io.egressfed.agent.lease.LeaseKeeper;
import io.egressfed.api.v1alpha1.ClusterConfig;
import io.egressfed.api.v1alpha1.HealthReport;
import io.egressfed.api.v1alpha1.LeaseGrant;
import io.egressfed.api.v1alpha1.LeasedAssignment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One agent on the mock API server, as the hub link would drive it, with leases on a clock the test
 * drives.
 */
public final class AgentHarness implements AutoCloseable {

    private static final long TIMEOUT_SECONDS = 60;

    private final AgentSettings settings;
    private final AgentApplier agent;
    private final AgentHealthReporter health;
    private final ConfigMapAppliedVersionStore store;
    private final DrivenTime time = new DrivenTime();
    private final LeaseKeeper leases = new LeaseKeeper(time, time);

    /**
     * Creates and starts an agent.
     *
     * @param client    the mock's client
     * @param cluster   the cluster name
     * @param namespace the agent's namespace (unique per test: it holds the version ConfigMap)
     */
    public AgentHarness(KubernetesClient client, String cluster, String namespace) {
        this(client, AgentSettings.of(cluster, "0.1.0-test", namespace));
    }

    /**
     * Creates and starts an agent installed as given.
     *
     * @param client   the mock's client
     * @param settings how the agent is installed (its namespace unique per test)
     */
    public AgentHarness(KubernetesClient client, AgentSettings settings) {
        this.settings = settings;
        this.store = new ConfigMapAppliedVersionStore(client, settings.agentNamespace(),
                ConfigMapAppliedVersionStore.DEFAULT_NAME,
                Runnable::run);
        this.agent = new AgentApplier(client, settings, store, leases, new PrometheusRegistry());
        this.health = new AgentHealthReporter(settings, agent, Clock.systemUTC());
        await(agent.start());
    }

    /** @return the applier */
    public AgentApplier agent() {
        return agent;
    }

    /** @return the clock and scheduler the leases run on */
    public DrivenTime time() {
        return time;
    }

    /** @return the leases the agent holds */
    public LeaseKeeper leases() {
        return leases;
    }

    /**
     * Hands the agent a lease grant, as the hub link would on receipt.
     *
     * @param lease   the lease duration
     * @param intent  the intent
     * @param epochs  the epochs granted for it
     */
    public void grant(Duration lease, String intent, long... epochs) {
        LeaseGrant.Builder grant = LeaseGrant.newBuilder().setLeaseDuration(com.google.protobuf.Duration.newBuilder()
                .setSeconds(lease.getSeconds()).setNanos(lease.getNano()));
        for (long epoch : epochs) {
            grant.addAssignments(LeasedAssignment.newBuilder().setIntent(intent).setEpoch(epoch));
        }
        leases.grant(grant.build());
    }

    /** @return the version store */
    public AppliedVersionStore store() {
        return store;
    }

    /** @return the settings */
    public AgentSettings settings() {
        return settings;
    }

    /**
     * Applies a config and waits for the outcome.
     *
     * @param config the config
     * @return the outcome
     */
    public ApplyOutcome apply(ClusterConfig config) {
        return await(agent.apply(config));
    }

    /** @return a health report, waited for */
    public HealthReport health() {
        return await(health.report());
    }

    /** @return the metrics */
    public ApplyMetrics metrics() {
        return agent.metrics();
    }

    /**
     * Waits for a future.
     *
     * @param future the future
     * @param <T>    its value
     * @return its value
     */
    public static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        agent.close();
        leases.close();
    }
}
