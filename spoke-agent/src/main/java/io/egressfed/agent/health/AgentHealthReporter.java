package io.egressfed.agent.health;

import com.google.protobuf.Timestamp;
import io.egressfed.agent.apply.AgentApplier;
import io.egressfed.agent.apply.AgentSettings;
import io.egressfed.agent.apply.AgentState;
import io.egressfed.api.v1alpha1.AssignmentHealth;
import io.egressfed.api.v1alpha1.HealthReport;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Builds {@link HealthReport}s from the applier's state snapshots, and passes on the applier's word that an
 * assignment's health changed.
 */
public final class AgentHealthReporter implements HealthReporter {

    private final AgentSettings settings;
    private final Supplier<CompletableFuture<AgentState>> state;
    private final Function<Runnable, Runnable> changes;
    private final Clock clock;

    /**
     * Creates a reporter over an applier.
     *
     * @param settings how the agent is installed (cluster name, agent version)
     * @param applier  the applier whose state is reported
     * @param clock    stamps {@code observed_at}
     */
    public AgentHealthReporter(AgentSettings settings, AgentApplier applier, Clock clock) {
        this(settings, applier::state, applier::onHealthChange, clock);
    }

    /**
     * Creates a reporter over any source of state snapshots.
     *
     * @param settings how the agent is installed
     * @param state    supplies snapshots
     * @param clock    stamps {@code observed_at}
     */
    public AgentHealthReporter(AgentSettings settings, Supplier<CompletableFuture<AgentState>> state, Clock clock) {
        this(settings, state, changed -> () -> { }, clock);
    }

    /**
     * Creates a reporter over a source of state snapshots that also tells of changes.
     *
     * @param settings how the agent is installed
     * @param state    supplies snapshots
     * @param changes  registers a listener called when an assignment's health changed; returns what
     *     unregisters it
     * @param clock    stamps {@code observed_at}
     */
    public AgentHealthReporter(AgentSettings settings, Supplier<CompletableFuture<AgentState>> state,
                               Function<Runnable, Runnable> changes, Clock clock) {
        this.settings = settings;
        this.state = state;
        this.changes = changes;
        this.clock = clock;
    }

    @Override
    public CompletableFuture<HealthReport> report() {
        return state.get().thenApply(this::toReport);
    }

    @Override
    public Subscription onChange(Runnable changed) {
        Runnable stop = changes.apply(changed);
        return stop::run;
    }

    private HealthReport toReport(AgentState state) {
        Instant now = clock.instant();
        HealthReport.Builder report = HealthReport.newBuilder()
                .setCluster(settings.cluster())
                .setAgentVersion(settings.agentVersion())
                .addAllDetectedBackends(state.detected().stream().sorted().toList())
                .addAllInventory(state.inventory())
                .setAppliedVersion(state.appliedVersion())
                .setObservedAt(Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()));
        for (AgentState.Assignment assignment : state.assignments()) {
            report.addAssignments(AssignmentHealth.newBuilder()
                    .setIntent(assignment.intent())
                    .setEgressIp(assignment.egressIp())
                    .setRole(assignment.role())
                    .setBackendObjectPresent(assignment.objectsPresent())
                    .setGatewayNode(assignment.status().gatewayNode())
                    .setGatewayReady(assignment.status().gatewayReady())
                    .setVipHost(assignment.status().vipHost())
                    .setActiveEndpoint(assignment.status().activeEndpoint())
                    .setHealthy(assignment.status().healthy())
                    .setReason(assignment.status().reason()));
        }
        return report.build();
    }
}
