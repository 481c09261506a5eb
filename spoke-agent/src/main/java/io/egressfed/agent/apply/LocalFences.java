package io.egressfed.agent.apply;

import io.egressfed.api.v1alpha1.AssignmentRole;
import io.egressfed.api.v1alpha1.ClusterConfig;
import io.egressfed.api.v1alpha1.ConfigAssignment;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The assignments the agent fenced on its own, each with the placement epoch it was fenced at. A fence
 * outlives configs of the same epoch (a lease that ran out is not renewed by re-sending the config) and
 * ends with a newer epoch, a role other than ACTIVE, the assignment's removal, or an explicit lift.
 * Confined to the reconcile thread.
 */
final class LocalFences {

    private final Map<String, Long> epochs = new HashMap<>();

    /**
     * Fences the ACTIVE assignments of {@code config} that {@code which} selects.
     *
     * @return the intents fenced by this call (already fenced ones included)
     */
    Set<String> fence(ClusterConfig config, Predicate<ConfigAssignment> which) {
        Set<String> intents = new TreeSet<>();
        for (ConfigAssignment assignment : config.getAssignmentsList()) {
            if (assignment.getRole() == AssignmentRole.ASSIGNMENT_ROLE_ACTIVE && which.test(assignment)) {
                epochs.put(assignment.getIntent(), assignment.getEpoch());
                intents.add(assignment.getIntent());
            }
        }
        return intents;
    }

    /** Lifts a fence; returns whether there was one. */
    boolean lift(String intent) {
        return epochs.remove(intent) != null;
    }

    /** Whether the agent fenced the intent. */
    boolean fenced(String intent) {
        return epochs.containsKey(intent);
    }

    /** Drops the fences a newly applied config decides about anew. */
    void supersede(ClusterConfig config) {
        Map<String, ConfigAssignment> byIntent = new HashMap<>();
        config.getAssignmentsList().forEach(assignment -> byIntent.put(assignment.getIntent(), assignment));
        epochs.entrySet().removeIf(fence -> {
            ConfigAssignment assignment = byIntent.get(fence.getKey());
            return assignment == null || assignment.getRole() != AssignmentRole.ASSIGNMENT_ROLE_ACTIVE
                    || assignment.getEpoch() > fence.getValue();
        });
    }
}
