package io.egressfed.agent.apply;

import io.egressfed.agent.backend.AssignmentPlan;
import io.egressfed.agent.backend.DesiredObject;
import io.egressfed.agent.backend.DetectedBackends;
import io.egressfed.agent.backend.GatewayNodes;
import io.egressfed.agent.backend.InformerCache;
import io.egressfed.api.v1alpha1.Backend;
import io.egressfed.api.v1alpha1.ClusterConfig;
import io.egressfed.api.v1alpha1.ConfigAssignment;
import io.egressfed.api.v1alpha1.LabelSelector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Describes what the applier enforces, as the health report tells it: the enforced assignments with what
 * their plans observed and whether their objects exist, and the gateway inventory. Runs on the reconcile
 * thread, which owns the config and plans it is handed.
 */
final class StateSnapshots {

    private final InformerCache cache;
    private final ObjectSync sync;
    private final Backends backends;

    StateSnapshots(InformerCache cache, ObjectSync sync, Backends backends) {
        this.cache = cache;
        this.sync = sync;
        this.backends = backends;
    }

    /**
     * The full snapshot.
     *
     * @param lastApplied the last applied and persisted version
     * @param enforced    the config enforced, if any
     * @param plans       the last pass's plans by intent
     * @param detected    the backends the cluster can run
     * @return the snapshot
     */
    AgentState snapshot(long lastApplied, Optional<ClusterConfig> enforced, Map<String, AssignmentPlan> plans,
                        DetectedBackends detected) {
        Backend backend = enforced.map(ClusterConfig::getBackend).orElse(Backend.BACKEND_UNSPECIFIED);
        LabelSelector gatewaySelector = enforced.map(config -> config.getGateway().getNodeSelector())
                .orElse(LabelSelector.getDefaultInstance());
        boolean requireCilium = enforced.isEmpty() ? cache.watchesCiliumNodes() : backends.get(backend).requiresCilium();
        return new AgentState(lastApplied, enforced.map(ClusterConfig::getVersion).orElse(0L), backend,
                detected.backends(), GatewayNodes.evaluate(gatewaySelector, cache, requireCilium)
                        .inventory(addressesRequired(backend, detected)),
                assignments(enforced, plans));
    }

    /**
     * The enforced assignments alone.
     *
     * @param enforced the config enforced, if any
     * @param plans    the last pass's plans by intent
     * @return one entry per planned assignment, in config order
     */
    List<AgentState.Assignment> assignments(Optional<ClusterConfig> enforced, Map<String, AssignmentPlan> plans) {
        List<AgentState.Assignment> assignments = new ArrayList<>();
        for (ConfigAssignment assignment : enforced.map(ClusterConfig::getAssignmentsList).orElse(List.of())) {
            AssignmentPlan plan = plans.get(assignment.getIntent());
            if (plan != null) {
                assignments.add(new AgentState.Assignment(assignment.getIntent(), assignment.getEgressIp(),
                        plan.role(), present(plan), plan.status()));
            }
        }
        return assignments;
    }

    /** Cilium SNATs with addresses the nodes list; where kube-vip brings the VIP up, any ready gateway counts. */
    private static boolean addressesRequired(Backend backend, DetectedBackends detected) {
        return backend == Backend.BACKEND_CILIUM || (backend == Backend.BACKEND_UNSPECIFIED && !detected.kubeVip());
    }

    private boolean present(AssignmentPlan plan) {
        if (plan.objects().isEmpty()) {
            return false;
        }
        for (DesiredObject object : plan.objects()) {
            if (!sync.present(backends.kindOf(object), object.key())) {
                return false;
            }
        }
        return true;
    }
}
