package io.egressfed.agent.apply;

import io.egressfed.api.v1alpha1.AssignmentRole;
import io.egressfed.api.v1alpha1.Backend;
import io.egressfed.api.v1alpha1.ClusterConfig;
import io.egressfed.api.v1alpha1.ConfigAssignment;
import io.egressfed.api.v1alpha1.GatewaySpec;
import io.egressfed.api.v1alpha1.LabelSelector;
import io.egressfed.api.v1alpha1.PlacementMode;
import io.egressfed.api.v1alpha1.WorkloadSelector;
import java.util.List;
import java.util.Map;

/** Builds the configs tests apply. */
public final class Configs {

    private Configs() {
    }

    /**
     * A config.
     *
     * @param cluster      the cluster name
     * @param version      its version
     * @param backend      its backend
     * @param gatewayPool  value of the {@code pool} label gateway nodes carry ("" for any node)
     * @param assignments  the assignments
     * @return the config
     */
    public static ClusterConfig config(String cluster, long version, Backend backend, String gatewayPool,
                                       List<ConfigAssignment> assignments) {
        LabelSelector nodes = gatewayPool.isEmpty() ? LabelSelector.getDefaultInstance()
                : LabelSelector.newBuilder().putMatchLabels("pool", gatewayPool).build();
        return ClusterConfig.newBuilder()
                .setCluster(cluster)
                .setVersion(version)
                .setBackend(backend)
                .setGateway(GatewaySpec.newBuilder().setNodeSelector(nodes))
                .addAllAssignments(assignments)
                .build();
    }

    /**
     * An ACTIVE PerCluster assignment selecting {@code app=<intent>} in the namespace labelled
     * {@code team=<intent>}, toward 203.0.113.0/24.
     *
     * @param intent   the intent name
     * @param egressIp its address
     * @return the assignment builder, for tweaks
     */
    public static ConfigAssignment.Builder assignment(String intent, String egressIp) {
        return ConfigAssignment.newBuilder()
                .setIntent(intent)
                .setEgressIp(egressIp)
                .setWorkloads(WorkloadSelector.newBuilder()
                        .setNamespaceSelector(LabelSelector.newBuilder().putAllMatchLabels(Map.of("team", intent)))
                        .setPodSelector(LabelSelector.newBuilder().putAllMatchLabels(Map.of("app", intent))))
                .addDestinationCidrs("203.0.113.0/24")
                .setRole(AssignmentRole.ASSIGNMENT_ROLE_ACTIVE)
                .setMode(PlacementMode.PLACEMENT_MODE_PER_CLUSTER);
    }

    /**
     * An ActivePassive assignment.
     *
     * @param intent   the intent name
     * @param egressIp its address
     * @param role     its role
     * @param epoch    its placement epoch
     * @return the assignment builder
     */
    public static ConfigAssignment.Builder activePassive(String intent, String egressIp, AssignmentRole role,
                                                         long epoch) {
        return assignment(intent, egressIp)
                .setRole(role)
                .setMode(PlacementMode.PLACEMENT_MODE_ACTIVE_PASSIVE)
                .setEpoch(epoch)
                .setLeaseDuration(com.google.protobuf.Duration.newBuilder().setSeconds(10));
    }
}
