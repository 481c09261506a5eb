package io.egressfed.agent.apply;

import io.egressfed.agent.backend.AssignmentPlan;
import io.egressfed.agent.backend.AssignmentStatus;
import io.egressfed.agent.backend.ClusterView;
import io.egressfed.agent.backend.EffectiveAssignment;
import io.egressfed.agent.backend.EgressBackend;
import io.egressfed.agent.lease.Leases;
import io.egressfed.api.v1alpha1.AssignmentRole;
import io.egressfed.api.v1alpha1.ClusterConfig;
import io.egressfed.api.v1alpha1.ConfigAssignment;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Decides the role each assignment is written with, and plans them: a STANDBY or refused assignment
 * writes nothing; an ACTIVE one is written fenced while the agent fenced it itself ({@link LocalFences})
 * or the hub's leases do not let it hold the address ({@link LeaseGate}). Confined to the reconcile
 * thread, except the lease metrics' scrape.
 */
final class AssignmentPlanner {

    private final LeaseGate leaseGate;
    private final LocalFences fences = new LocalFences();

    AssignmentPlanner(Leases leases, PrometheusRegistry registry) {
        this.leaseGate = new LeaseGate(leases, registry);
    }

    /** @return the lease fencing metrics */
    LeaseMetrics leaseMetrics() {
        return leaseGate.metrics();
    }

    /** Requests a pass of the loop whenever a lease starts or lapses. */
    void passOnLeaseChange(ReconcileLoop loop) {
        leaseGate.passOnChange(loop);
    }

    /**
     * Fences assignments of the enforced config on the agent's own account.
     *
     * @return the intents newly fenced
     */
    Set<String> fence(ClusterConfig enforced, Predicate<ConfigAssignment> which) {
        return fences.fence(enforced, which);
    }

    /** @return whether the intent was fenced locally and no longer is */
    boolean lift(String intent) {
        return fences.lift(intent);
    }

    /** Ends the local fences a newly enforced config overrides (newer epoch, other role, removed). */
    void supersede(ClusterConfig config) {
        fences.supersede(config);
    }

    /**
     * Plans every assignment of a config.
     *
     * @param enforced the config
     * @param refused  the assignments its backend cannot express, with why
     * @param backend  its backend
     * @param view     the cluster as the informers see it
     * @return the plans by intent, in config order
     */
    Map<String, AssignmentPlan> plan(ClusterConfig enforced, Map<String, String> refused, EgressBackend backend,
                                     ClusterView view) {
        Map<String, AssignmentPlan> next = new LinkedHashMap<>();
        List<EffectiveAssignment> admitted = new ArrayList<>();
        leaseGate.beginPass();
        for (ConfigAssignment assignment : enforced.getAssignmentsList()) {
            String intent = assignment.getIntent();
            if (assignment.getRole() == AssignmentRole.ASSIGNMENT_ROLE_STANDBY) {
                next.put(intent, AssignmentPlan.nothing(intent, assignment.getRole(),
                        AssignmentStatus.healthyWithout("standby: nothing is written in this cluster")));
            } else if (refused.containsKey(intent)) {
                next.put(intent, AssignmentPlan.nothing(intent, assignment.getRole(),
                        AssignmentStatus.unhealthy(refused.get(intent))));
            } else {
                boolean fenced = fences.fenced(intent) || !leaseGate.permits(assignment);
                admitted.add(new EffectiveAssignment(assignment, fenced
                        ? AssignmentRole.ASSIGNMENT_ROLE_FENCED : assignment.getRole()));
            }
        }
        for (AssignmentPlan plan : backend.plan(enforced.getGateway(), admitted, view)) {
            next.put(plan.intent(), leaseGate.explain(plan));
        }
        leaseGate.endPass();
        return next;
    }
}
