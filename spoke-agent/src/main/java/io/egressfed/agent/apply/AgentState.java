package io.egressfed.agent.apply;

import io.egressfed.agent.backend.AssignmentStatus;
import io.egressfed.api.v1alpha1.AssignmentRole;
import io.egressfed.api.v1alpha1.Backend;
import io.egressfed.api.v1alpha1.GatewayInventory;
import java.util.List;
import java.util.Set;

/**
 * A consistent snapshot of what the agent enforces and observes, for the health report.
 *
 * @param appliedVersion the last applied and persisted version (0 when none)
 * @param enforcedVersion the version of the config being enforced (0 when none yet)
 * @param backend        the backend of that config
 * @param detected       the backends the cluster can run
 * @param inventory      gateway nodes and the egress addresses they list
 * @param assignments    one entry per assignment of the enforced config, in config order
 */
public record AgentState(long appliedVersion, long enforcedVersion, Backend backend, Set<Backend> detected,
                         List<GatewayInventory> inventory, List<Assignment> assignments) {

    /** Copies the collections. */
    public AgentState {
        detected = Set.copyOf(detected);
        inventory = List.copyOf(inventory);
        assignments = List.copyOf(assignments);
    }

    /**
     * One assignment as enforced.
     *
     * @param intent         the intent name
     * @param egressIp       its address
     * @param role           the role enforced (a local fence shows as FENCED)
     * @param objectsPresent whether every object it needs is in the cluster (false when it needs none)
     * @param status         what the backend observed
     */
    public record Assignment(String intent, String egressIp, AssignmentRole role, boolean objectsPresent,
                             AssignmentStatus status) {
    }
}
