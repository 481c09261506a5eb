package io.egressfed.agent.backend;

import io.egressfed.api.v1alpha1.AssignmentRole;
import io.egressfed.api.v1alpha1.ConfigAssignment;
import java.util.Objects;

/**
 * An assignment of the config with the role the agent enforces now: the config's role, or FENCED when
 * the agent fenced it locally because its lease ran out.
 *
 * @param spec the assignment as the hub sent it
 * @param role {@link AssignmentRole#ASSIGNMENT_ROLE_ACTIVE} or {@link AssignmentRole#ASSIGNMENT_ROLE_FENCED}
 */
public record EffectiveAssignment(ConfigAssignment spec, AssignmentRole role) {

    /** Checks that the role is one a backend acts on. */
    public EffectiveAssignment {
        Objects.requireNonNull(spec, "spec");
        if (role != AssignmentRole.ASSIGNMENT_ROLE_ACTIVE && role != AssignmentRole.ASSIGNMENT_ROLE_FENCED) {
            throw new IllegalArgumentException("a backend acts on ACTIVE or FENCED assignments, not " + role);
        }
    }

    /** @return the intent name */
    public String intent() {
        return spec.getIntent();
    }

    /** @return the egress address */
    public String egressIp() {
        return spec.getEgressIp();
    }

    /** @return whether the assignment must not carry its address now */
    public boolean fenced() {
        return role == AssignmentRole.ASSIGNMENT_ROLE_FENCED;
    }
}
