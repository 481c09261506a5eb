package io.egressfed.agent.backend;

import io.egressfed.api.v1alpha1.Backend;
import io.egressfed.api.v1alpha1.GatewaySpec;
import java.util.List;
import java.util.Map;

/**
 * Turns assignments into the Kubernetes objects of one egress backend. Implementations are confined
 * to the agent's single reconcile thread and may keep what {@link #admit} learnt for {@link #plan}.
 */
public interface EgressBackend {

    /**
     * The backend implemented.
     *
     * @return the {@code MemberCluster.spec.backend} value it serves
     */
    Backend backend();

    /**
     * The kinds this backend writes; the agent watches them and deletes owned objects of these kinds
     * that no plan wants.
     *
     * @return the kinds
     */
    List<OwnedKind<?>> kinds();

    /**
     * Whether the backend writes CiliumEgressGatewayPolicies, so that a cluster without that CRD
     * cannot run it.
     *
     * @return true for the Cilium-based backends
     */
    boolean requiresCilium();

    /**
     * Checks, when a config is applied, whether each assignment can be expressed in this cluster (which
     * may need API reads, e.g. which pods a selector matches). Assignments refused here are NACKed
     * with the reason and get no objects.
     *
     * @param gateway     the cluster's gateway settings
     * @param assignments the assignments with the role the config gives them
     * @return reasons by intent name for the assignments that cannot be expressed
     */
    Map<String, String> admit(GatewaySpec gateway, List<EffectiveAssignment> assignments);

    /**
     * Plans the objects of the admitted assignments from the cached cluster state. Runs on every
     * cluster event, so it reads caches only.
     *
     * @param gateway     the cluster's gateway settings
     * @param assignments admitted assignments with their enforced role
     * @param view        the cluster caches
     * @return one plan per assignment, in the same order
     */
    List<AssignmentPlan> plan(GatewaySpec gateway, List<EffectiveAssignment> assignments, ClusterView view);
}
