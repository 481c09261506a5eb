package io.egressfed.hub.ipam;

import com.google.protobuf.Timestamp;
import io.egressfed.api.v1alpha1.Allocation;
import io.egressfed.api.v1alpha1.AssignmentRole;
import io.egressfed.api.v1alpha1.AssignmentStatus;
import io.egressfed.api.v1alpha1.Condition;
import io.egressfed.api.v1alpha1.EgressIntent;
import io.egressfed.api.v1alpha1.EgressIntentStatus;
import io.egressfed.api.v1alpha1.PlacementMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The part of an intent's status IPAM owns: the assignments' addresses and the {@code Allocated}
 * condition. What others wrote into an assignment (gateway node, applied version, health, an
 * ActivePassive role decided by the coordinator) is kept for as long as the assignment's address is.
 */
final class IntentStatuses {

    /** The condition type IPAM writes. */
    static final String ALLOCATED = "Allocated";

    private IntentStatuses() {
    }

    /**
     * The intent's next status.
     *
     * @param intent the intent as stored
     * @param allocations its allocations after the reconcile
     * @param problems why addresses are missing
     * @param now the time of the reconcile, for new assignments and condition transitions
     * @return the status to store; equal to the stored one when nothing changed
     */
    static EgressIntentStatus next(EgressIntent intent, List<Allocation> allocations, List<AllocationProblem> problems,
                                   Timestamp now) {
        EgressIntentStatus current = intent.getStatus();
        boolean perCluster = intent.getSpec().getPlacement().getMode() == PlacementMode.PLACEMENT_MODE_PER_CLUSTER;
        EgressIntentStatus.Builder next = current.toBuilder()
                .clearAssignments()
                .addAllAssignments(perCluster ? perCluster(current, allocations, now) : activePassive(current, allocations, now))
                .setObservedGeneration(intent.getMetadata().getGeneration());
        Condition condition = condition(intent, allocations, problems, now);
        int index = indexOfAllocated(current);
        if (index >= 0) {
            next.setConditions(index, condition);
        } else {
            next.addConditions(condition);
        }
        return next.build();
    }

    private static List<AssignmentStatus> perCluster(EgressIntentStatus current, List<Allocation> allocations,
                                                     Timestamp now) {
        List<AssignmentStatus> assignments = new ArrayList<>();
        for (Allocation allocation : allocations) {
            assignments.add(current.getAssignmentsList().stream()
                    .filter(a -> a.getCluster().equals(allocation.getCluster()) && a.getIp().equals(allocation.getIp()))
                    .findFirst()
                    .orElseGet(() -> AssignmentStatus.newBuilder()
                            .setCluster(allocation.getCluster())
                            .setIp(allocation.getIp())
                            .setRole(AssignmentRole.ASSIGNMENT_ROLE_ACTIVE)
                            .setSince(now)
                            .build()));
        }
        return assignments;
    }

    /**
     * One address for the intent; which cluster carries it, in which role, is the coordinator's
     * decision, so a new address starts with no cluster and no role.
     */
    private static List<AssignmentStatus> activePassive(EgressIntentStatus current, List<Allocation> allocations,
                                                        Timestamp now) {
        if (allocations.isEmpty()) {
            return List.of();
        }
        String ip = allocations.get(0).getIp();
        List<AssignmentStatus> decided = current.getAssignmentsList().stream().filter(a -> a.getIp().equals(ip)).toList();
        return decided.isEmpty() ? List.of(AssignmentStatus.newBuilder().setIp(ip).setSince(now).build()) : decided;
    }

    private static Condition condition(EgressIntent intent, List<Allocation> allocations, List<AllocationProblem> problems,
                                       Timestamp now) {
        String status = problems.isEmpty() ? "True" : "False";
        Optional<Condition> previous = current(intent.getStatus());
        Timestamp since = previous.filter(c -> c.getStatus().equals(status)).map(Condition::getLastTransitionTime).orElse(now);
        return Condition.newBuilder()
                .setType(ALLOCATED)
                .setStatus(status)
                .setReason(problems.isEmpty() ? ALLOCATED : problems.get(0).reason().conditionReason())
                .setMessage(problems.isEmpty() ? describe(allocations)
                        : problems.stream().map(AllocationProblem::message).collect(Collectors.joining("; ")))
                .setLastTransitionTime(since)
                .setObservedGeneration(intent.getMetadata().getGeneration())
                .build();
    }

    private static String describe(List<Allocation> allocations) {
        return allocations.stream()
                .map(a -> a.getIp() + (a.getCluster().isEmpty() ? "" : " in " + a.getCluster()))
                .collect(Collectors.joining(", ", "allocated ", allocations.isEmpty() ? "" : " from pool "
                        + allocations.get(0).getPool()));
    }

    private static Optional<Condition> current(EgressIntentStatus status) {
        int index = indexOfAllocated(status);
        return index < 0 ? Optional.empty() : Optional.of(status.getConditions(index));
    }

    private static int indexOfAllocated(EgressIntentStatus status) {
        for (int i = 0; i < status.getConditionsCount(); i++) {
            if (status.getConditions(i).getType().equals(ALLOCATED)) {
                return i;
            }
        }
        return -1;
    }
}
