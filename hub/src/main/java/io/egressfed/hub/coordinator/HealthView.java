package io.egressfed.hub.coordinator;

import io.egressfed.api.v1alpha1.AssignmentHealth;
import io.egressfed.api.v1alpha1.AssignmentRole;
import io.egressfed.api.v1alpha1.GatewayInventory;
import io.egressfed.api.v1alpha1.HealthReport;
import io.egressfed.hub.link.LiveStatus;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * An immutable snapshot of what the coordinator knows about the clusters' agents when it decides.
 *
 * <p>Cluster C is healthy for intent X iff its agent is connected and, in its last health report, the
 * assignment health for X says healthy, or (no assignment health for X, or one whose role is STANDBY or
 * FENCED) at least one gateway is ready.
 *
 * @param statuses live status by cluster (clusters never heard from are absent)
 * @param stableSinceNanos per cluster, the monotonic time ({@link System#nanoTime()}) of the last change
 *     to its connection or health as far as health is concerned
 */
public record HealthView(Map<String, LiveStatus> statuses, Map<String, Long> stableSinceNanos) {

    /** Copies the maps. */
    public HealthView {
        statuses = Map.copyOf(statuses);
        stableSinceNanos = Map.copyOf(stableSinceNanos);
    }

    /**
     * A view in which no agent was ever heard from.
     *
     * @return the empty view
     */
    public static HealthView empty() {
        return new HealthView(Map.of(), Map.of());
    }

    /**
     * Whether a cluster is healthy for an intent.
     *
     * @param cluster the cluster
     * @param intent the intent
     * @return true when its agent is connected and reports the intent (or a gateway) healthy
     */
    public boolean healthy(String cluster, String intent) {
        LiveStatus status = statuses.get(cluster);
        return status != null && healthy(status, intent);
    }

    /**
     * Since when a cluster's health has not changed, if it is known.
     *
     * @param cluster the cluster
     * @return the monotonic time of its last health change
     */
    public OptionalLong stableSince(String cluster) {
        Long since = stableSinceNanos.get(cluster);
        return since == null ? OptionalLong.empty() : OptionalLong.of(since);
    }

    /**
     * The newest config version a cluster's agent reported as applied.
     *
     * @param cluster the cluster
     * @return the version, 0 when unknown
     */
    public long appliedVersion(String cluster) {
        LiveStatus status = statuses.get(cluster);
        return status == null ? 0 : status.appliedVersion();
    }

    /**
     * The health rule for one live status.
     *
     * @param status the agent's live status
     * @param intent the intent
     * @return whether the cluster is healthy for the intent
     */
    public static boolean healthy(LiveStatus status, String intent) {
        if (!status.connected() || status.lastHealth().isEmpty()) {
            return false;
        }
        HealthReport report = status.lastHealth().get();
        Optional<AssignmentHealth> assignment = report.getAssignmentsList().stream()
                .filter(health -> health.getIntent().equals(intent)).findFirst();
        if (assignment.isPresent() && !holdsNothing(assignment.get().getRole())) {
            return assignment.get().getHealthy();
        }
        return report.getInventoryList().stream().anyMatch(GatewayInventory::getReady);
    }

    private static boolean holdsNothing(AssignmentRole role) {
        return role == AssignmentRole.ASSIGNMENT_ROLE_STANDBY || role == AssignmentRole.ASSIGNMENT_ROLE_FENCED;
    }
}
