package io.egressfed.hub.coordinator;

import io.egressfed.api.v1alpha1.AssignmentHealth;
import io.egressfed.api.v1alpha1.AssignmentRole;
import io.egressfed.api.v1alpha1.GatewayInventory;
import io.egressfed.api.v1alpha1.HealthReport;
import io.egressfed.hub.link.LiveStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Live statuses of fake agents, as the health rule reads them. */
final class Agents {

    private Agents() {
    }

    /** Connected, a ready gateway, nothing to say about the intent. */
    static LiveStatus healthy(String cluster, long applied) {
        return status(cluster, true, applied, HealthReport.newBuilder().setCluster(cluster)
                .addInventory(GatewayInventory.newBuilder().setNode("gw-1").setReady(true)).build());
    }

    /** Connected, but the intent's ACTIVE assignment is reported unhealthy. */
    static LiveStatus unhealthy(String cluster, String intent, long applied) {
        return status(cluster, true, applied, HealthReport.newBuilder().setCluster(cluster)
                .addInventory(GatewayInventory.newBuilder().setNode("gw-1").setReady(true))
                .addAssignments(AssignmentHealth.newBuilder().setIntent(intent)
                        .setRole(AssignmentRole.ASSIGNMENT_ROLE_ACTIVE).setHealthy(false).setReason("gateway down"))
                .build());
    }

    /** The agent's stream is gone; its last report said healthy. */
    static LiveStatus disconnected(String cluster, long applied) {
        return status(cluster, false, applied, HealthReport.newBuilder().setCluster(cluster)
                .addInventory(GatewayInventory.newBuilder().setNode("gw-1").setReady(true)).build());
    }

    static LiveStatus status(String cluster, boolean connected, long applied, HealthReport report) {
        return new LiveStatus(cluster, connected, 1, Optional.empty(), applied, applied, "", 0, Map.of(),
                Optional.empty(), "test", List.of(), Optional.of(report));
    }
}
