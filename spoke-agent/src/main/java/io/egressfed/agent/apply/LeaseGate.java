package io.egressfed.agent.apply;

import io.egressfed.agent.backend.AssignmentPlan;
import io.egressfed.agent.backend.AssignmentStatus;
import io.egressfed.agent.lease.LeaseStatus;
import io.egressfed.agent.lease.Leases;
import io.egressfed.api.v1alpha1.AssignmentRole;
import io.egressfed.api.v1alpha1.ConfigAssignment;
import io.egressfed.api.v1alpha1.PlacementMode;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalDouble;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides, pass by pass, which ActivePassive assignments the hub's leases let the agent hold, and logs
 * and counts the changes. Confined to the reconcile thread, except the metrics' scrape.
 */
final class LeaseGate {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseGate.class);

    private final Leases leases;
    private final LeaseMetrics metrics;

    // Confined to the reconcile thread: the last completed pass, and the pass under way.
    private Map<String, Long> held = Map.of();
    private Map<String, LeaseFence> fenced = Map.of();
    private final Map<String, Long> heldNow = new HashMap<>();
    private final Map<String, LeaseFence> fencedNow = new HashMap<>();

    /** What the last pass held, by intent with its epoch; read by the metrics' scrape. */
    private volatile Map<String, Long> heldForMetrics = Map.of();

    LeaseGate(Leases leases, PrometheusRegistry registry) {
        this.leases = leases;
        this.metrics = new LeaseMetrics(registry, this::shortestHeldLease);
    }

    /** Requests a pass of the loop whenever a lease starts or lapses. */
    void passOnChange(ReconcileLoop loop) {
        leases.listen((intent, epoch, live) -> loop.requestPass());
    }

    LeaseMetrics metrics() {
        return metrics;
    }

    /** Starts deciding a new pass. */
    void beginPass() {
        heldNow.clear();
        fencedNow.clear();
    }

    /**
     * Whether an assignment the config gives a role may be written with that role: false for an ACTIVE
     * ActivePassive assignment without a live lease for its epoch.
     */
    boolean permits(ConfigAssignment assignment) {
        if (assignment.getMode() != PlacementMode.PLACEMENT_MODE_ACTIVE_PASSIVE
                || assignment.getRole() != AssignmentRole.ASSIGNMENT_ROLE_ACTIVE) {
            return true;
        }
        LeaseStatus lease = leases.status(assignment.getIntent(), assignment.getEpoch());
        if (lease.live()) {
            heldNow.put(assignment.getIntent(), assignment.getEpoch());
            return true;
        }
        fencedNow.put(assignment.getIntent(), new LeaseFence(assignment.getEpoch(), lease.reason()));
        return false;
    }

    /** The plan, its status saying why it is fenced when the lease was missing. */
    AssignmentPlan explain(AssignmentPlan plan) {
        LeaseFence fence = fencedNow.get(plan.intent());
        if (fence == null) {
            return plan;
        }
        AssignmentStatus status = plan.status();
        String why = "no live lease from the hub: " + fence.reason()
                + (status.reason().isEmpty() ? "" : "; " + status.reason());
        return new AssignmentPlan(plan.intent(), plan.role(), plan.objects(), new AssignmentStatus(
                status.gatewayNode(), status.gatewayReady(), status.vipHost(), status.activeEndpoint(),
                status.healthy(), why), plan.steersGateway());
    }

    /** Ends the pass: logs and counts the assignments whose lease state changed since the last one. */
    void endPass() {
        fencedNow.forEach((intent, fence) -> {
            LeaseFence before = fenced.get(intent);
            if (held.containsKey(intent)) {
                metrics.fenced();
                LOG.info("Intent {} epoch {}: fenced, the address is given up: {}", intent, fence.epoch(), fence.reason());
            } else if (before == null || before.epoch() != fence.epoch()) {
                LOG.info("Intent {} epoch {}: ACTIVE in the config but applied fenced: {}", intent, fence.epoch(),
                        fence.reason());
            }
        });
        heldNow.forEach((intent, epoch) -> {
            if (!epoch.equals(held.get(intent))) {
                LOG.info("Intent {} epoch {}: held, the hub's lease is live for {} ms{}", intent, epoch,
                        leases.status(intent, epoch).remaining().toMillis(),
                        fenced.containsKey(intent) ? "; fence lifted" : "");
            }
        });
        held = Map.copyOf(heldNow);
        fenced = Map.copyOf(fencedNow);
        heldForMetrics = held;
    }

    private OptionalDouble shortestHeldLease() {
        return heldForMetrics.entrySet().stream()
                .map(entry -> leases.status(entry.getKey(), entry.getValue()))
                .filter(LeaseStatus::live)
                .mapToDouble(lease -> lease.remaining().toNanos() / 1e9)
                .min();
    }

    /** An ACTIVE assignment written fenced for lack of a live lease. */
    private record LeaseFence(long epoch, String reason) {
    }
}
