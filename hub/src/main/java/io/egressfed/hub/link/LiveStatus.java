package io.egressfed.hub.link;

import com.google.protobuf.Timestamp;
import io.egressfed.api.v1alpha1.Backend;
import io.egressfed.api.v1alpha1.Condition;
import io.egressfed.api.v1alpha1.HealthReport;
import io.egressfed.api.v1alpha1.MemberClusterStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the hub knows, live, about one member cluster's agent. Never stored in etcd: it is rebuilt from
 * the agents' streams.
 *
 * @param cluster the cluster name
 * @param connected whether an agent stream of this cluster is open and not silent
 * @param session the id of the newest stream that said hello (0 before the first); an older stream
 *     closing does not disconnect a newer one
 * @param connectionChangedAt when {@code connected} last changed, if ever
 * @param appliedVersion the config version the agent last reported as applied (hello or ACK)
 * @param desiredVersion the newest config version the hub holds for the cluster, as seen by its stream
 * @param lastError the reason of the last NACK, empty when the agent ACKed since
 * @param lastErrorVersion the version that NACK was about, 0 when there is no error
 * @param assignmentErrors per-assignment reasons of the last NACK (intent name to reason)
 * @param lastSeen when the agent was last heard from (any message)
 * @param agentVersion the agent's software version, from hello or health
 * @param detectedBackends the egress backends the agent found in its cluster
 * @param lastHealth the last health report, kept for the coordinator
 */
public record LiveStatus(String cluster, boolean connected, long session, Optional<Instant> connectionChangedAt,
        long appliedVersion, long desiredVersion, String lastError, long lastErrorVersion,
        Map<String, String> assignmentErrors, Optional<Instant> lastSeen, String agentVersion,
        List<Backend> detectedBackends, Optional<HealthReport> lastHealth) {

    /** Condition type rendered by {@link #toMemberClusterStatus()}. */
    public static final String CONNECTED_CONDITION = "Connected";

    /** Copies the collections and requires every component. */
    public LiveStatus {
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(connectionChangedAt, "connectionChangedAt");
        Objects.requireNonNull(lastError, "lastError");
        assignmentErrors = Map.copyOf(assignmentErrors);
        Objects.requireNonNull(lastSeen, "lastSeen");
        Objects.requireNonNull(agentVersion, "agentVersion");
        detectedBackends = List.copyOf(detectedBackends);
        Objects.requireNonNull(lastHealth, "lastHealth");
    }

    /**
     * The status of a cluster whose agent has never been heard from.
     *
     * @param cluster the cluster name
     * @return a disconnected status with nothing known
     */
    public static LiveStatus unknown(String cluster) {
        return new LiveStatus(cluster, false, 0, Optional.empty(), 0, 0, "", 0, Map.of(), Optional.empty(), "",
                List.of(), Optional.empty());
    }

    /**
     * Renders the live part of a {@code MemberCluster}'s status: connection, versions, last error, last
     * seen, agent version and backends, the gateway inventory of the last health report, and a
     * {@value #CONNECTED_CONDITION} condition.
     *
     * @return the status message
     */
    public MemberClusterStatus toMemberClusterStatus() {
        MemberClusterStatus.Builder status = MemberClusterStatus.newBuilder()
                .setConnected(connected)
                .setAppliedVersion(appliedVersion)
                .setDesiredVersion(desiredVersion)
                .setLastError(lastError)
                .setAgentVersion(agentVersion)
                .addAllDetectedBackends(detectedBackends)
                .addConditions(connectedCondition());
        lastSeen.ifPresent(seen -> status.setLastSeen(timestamp(seen)));
        lastHealth.ifPresent(health -> status.addAllInventory(health.getInventoryList()));
        return status.build();
    }

    private Condition connectedCondition() {
        Condition.Builder condition = Condition.newBuilder().setType(CONNECTED_CONDITION);
        if (connected) {
            condition.setStatus("True").setReason("AgentConnected").setMessage("the agent's link stream is open");
        } else if (session == 0) {
            condition.setStatus("Unknown").setReason("NeverConnected")
                    .setMessage("no agent of this cluster has connected to this hub");
        } else {
            condition.setStatus("False").setReason("AgentDisconnected")
                    .setMessage("the agent's link stream closed or fell silent");
        }
        connectionChangedAt.ifPresent(at -> condition.setLastTransitionTime(timestamp(at)));
        return condition.build();
    }

    private static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }
}
