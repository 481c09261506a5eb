package io.egressfed.hub.api;

import com.google.protobuf.util.Timestamps;
import io.egressfed.api.v1alpha1.AssignmentHealth;
import io.egressfed.api.v1alpha1.AssignmentStatus;
import io.egressfed.api.v1alpha1.Condition;
import io.egressfed.api.v1alpha1.EgressIntent;
import io.egressfed.api.v1alpha1.EgressIntentStatus;
import io.egressfed.hub.link.LiveStatus;
import io.egressfed.hub.link.LiveStatusRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Adds what the agents report to an intent's stored status: per assignment, the config version its
 * cluster applied, the gateway node and health the agent sees, and the agent's reason when it
 * refused the assignment (e.g. a kube-vip selector matching two pods); plus an {@code Applied}
 * condition naming the clusters that refused it. Live data, never written to the store.
 */
final class IntentStatusView {

    static final String APPLIED_CONDITION = "Applied";

    private final LiveStatusRegistry liveStatus;
    private final Clock clock;

    IntentStatusView(LiveStatusRegistry liveStatus, Clock clock) {
        this.liveStatus = Objects.requireNonNull(liveStatus, "liveStatus");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    List<EgressIntent> withLiveStatus(List<EgressIntent> intents) {
        return intents.stream().map(this::withLiveStatus).toList();
    }

    EgressIntent withLiveStatus(EgressIntent intent) {
        String name = intent.getMetadata().getName();
        EgressIntentStatus.Builder status = intent.getStatus().toBuilder().clearAssignments();
        List<String> refusals = new ArrayList<>();
        for (AssignmentStatus assignment : intent.getStatus().getAssignmentsList()) {
            Optional<LiveStatus> cluster = assignment.getCluster().isEmpty() ? Optional.empty()
                    : liveStatus.status(assignment.getCluster());
            if (cluster.isEmpty()) {
                status.addAssignments(assignment);
                continue;
            }
            AssignmentStatus.Builder shown = assignment.toBuilder().setAppliedVersion(cluster.get().appliedVersion());
            cluster.get().lastHealth().flatMap(report -> report.getAssignmentsList().stream()
                    .filter(health -> health.getIntent().equals(name)).findFirst())
                    .ifPresent(health -> showHealth(shown, health));
            String refused = cluster.get().assignmentErrors().get(name);
            if (refused != null) {
                shown.setHealthy(false).setReason(refused);
                refusals.add(assignment.getCluster() + ": " + refused);
            }
            status.addAssignments(shown);
        }
        if (!refusals.isEmpty()) {
            status.addConditions(Condition.newBuilder().setType(APPLIED_CONDITION).setStatus("False")
                    .setReason("AgentRefused").setMessage(String.join("; ", refusals))
                    .setLastTransitionTime(Timestamps.fromMillis(clock.millis())));
        }
        return intent.toBuilder().setStatus(status).build();
    }

    private static void showHealth(AssignmentStatus.Builder shown, AssignmentHealth health) {
        shown.setHealthy(health.getHealthy());
        if (!health.getGatewayNode().isEmpty()) {
            shown.setGatewayNode(health.getGatewayNode());
        } else if (!health.getVipHost().isEmpty()) {
            shown.setGatewayNode(health.getVipHost());
        }
        if (!health.getHealthy() && !health.getReason().isEmpty()) {
            shown.setReason(health.getReason());
        }
    }
}
