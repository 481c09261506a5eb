package io.egressfed.agent.backend;

import io.egressfed.api.v1alpha1.AssignmentRole;
import java.util.List;
import java.util.Objects;

/**
 * The objects one assignment needs and its observed status.
 *
 * @param intent        the intent name
 * @param role          the role enforced (ACTIVE, FENCED or STANDBY)
 * @param objects       the objects that must exist for it (none for STANDBY or an assignment that cannot
 *                      be expressed)
 * @param status        what the backend observed
 * @param steersGateway whether the agent chooses the gateway node itself (Cilium policies), as opposed
 *                      to following kube-vip's choice
 */
public record AssignmentPlan(String intent, AssignmentRole role, List<DesiredObject> objects,
                             AssignmentStatus status, boolean steersGateway) {

    /** Copies the object list. */
    public AssignmentPlan {
        Objects.requireNonNull(intent, "intent");
        Objects.requireNonNull(role, "role");
        objects = List.copyOf(objects);
        Objects.requireNonNull(status, "status");
    }

    /**
     * A plan that writes nothing.
     *
     * @param intent the intent
     * @param role   its role
     * @param status why nothing is written
     * @return the plan
     */
    public static AssignmentPlan nothing(String intent, AssignmentRole role, AssignmentStatus status) {
        return new AssignmentPlan(intent, role, List.of(), status, false);
    }
}
