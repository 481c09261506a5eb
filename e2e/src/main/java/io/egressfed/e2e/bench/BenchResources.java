package io.egressfed.e2e.bench;

import io.egressfed.api.v1alpha1.Backend;
import io.egressfed.api.v1alpha1.Destinations;
import io.egressfed.api.v1alpha1.EgressIPPool;
import io.egressfed.api.v1alpha1.EgressIPPoolSpec;
import io.egressfed.api.v1alpha1.EgressIPRequest;
import io.egressfed.api.v1alpha1.EgressIntent;
import io.egressfed.api.v1alpha1.EgressIntentSpec;
import io.egressfed.api.v1alpha1.Failback;
import io.egressfed.api.v1alpha1.GatewaySpec;
import io.egressfed.api.v1alpha1.LabelSelector;
import io.egressfed.api.v1alpha1.MemberCluster;
import io.egressfed.api.v1alpha1.MemberClusterSpec;
import io.egressfed.api.v1alpha1.ObjectMeta;
import io.egressfed.api.v1alpha1.Placement;
import io.egressfed.api.v1alpha1.PlacementMode;
import io.egressfed.api.v1alpha1.WorkloadSelector;
import io.egressfed.e2e.lab.cluster.ClusterSeed;
import java.util.List;
import java.util.Map;

/** The pools, member clusters and intents the benchmarks write through the hub's resource service. */
public final class BenchResources {

    /** Who the benchmarks write as, in the audit log. */
    public static final String ACTOR = "egressfed-lab-bench";
    /** The label that groups the clusters of one scenario. */
    public static final String GROUP_LABEL = "bench-group";
    /** The namespace label of the benchmark workload. */
    public static final String TEAM = "bench";
    /** The pod label of the benchmark workload. */
    public static final String APP = "bench-app";

    private BenchResources() {
    }

    /**
     * A pool routable everywhere.
     *
     * @param name the pool's name
     * @param cidr its one prefix
     */
    public static EgressIPPool pool(String name, String cidr) {
        return EgressIPPool.newBuilder()
                .setMetadata(ObjectMeta.newBuilder().setName(name))
                .setSpec(EgressIPPoolSpec.newBuilder().addCidrs(cidr))
                .build();
    }

    /**
     * A member cluster in {@code group}, whose candidate gateways carry {@code egress-gateway: "true"}.
     *
     * @param name the cluster's name
     * @param backend its backend
     * @param group the value of {@link #GROUP_LABEL}
     */
    public static MemberCluster cluster(String name, Backend backend, String group) {
        return cluster(name, backend, Map.of(GROUP_LABEL, group));
    }

    /**
     * A member cluster with these labels, whose candidate gateways carry {@code egress-gateway: "true"}.
     *
     * @param name the cluster's name
     * @param backend its backend
     * @param labels its labels
     */
    public static MemberCluster cluster(String name, Backend backend, Map<String, String> labels) {
        return MemberCluster.newBuilder()
                .setMetadata(ObjectMeta.newBuilder().setName(name).putAllLabels(labels))
                .setSpec(MemberClusterSpec.newBuilder()
                        .setBackend(backend)
                        .setGateway(GatewaySpec.newBuilder().setNodeSelector(LabelSelector.newBuilder()
                                .putMatchLabels(ClusterSeed.GATEWAY_LABEL, "true"))))
                .build();
    }

    /**
     * An intent for the benchmark workload (namespace {@code team=bench}, pod {@code app=bench-app}) on the
     * clusters with the given labels.
     *
     * @param name the intent's name
     * @param pool its pool
     * @param clusters the labels of the clusters it is placed on
     * @param mode PerCluster or ActivePassive
     * @param preference ActivePassive order (may be empty)
     * @param destination the one destination prefix
     */
    public static EgressIntent intent(String name, String pool, Map<String, String> clusters, PlacementMode mode,
            List<String> preference, String destination) {
        Placement.Builder placement = Placement.newBuilder()
                .setClusterSelector(LabelSelector.newBuilder().putAllMatchLabels(clusters))
                .setMode(mode)
                .addAllPreference(preference);
        if (mode == PlacementMode.PLACEMENT_MODE_ACTIVE_PASSIVE) {
            // Manual: once moved, the intent stays, so that each repetition moves it back the other way.
            placement.setFailback(Failback.FAILBACK_MANUAL);
        }
        return EgressIntent.newBuilder()
                .setMetadata(ObjectMeta.newBuilder().setName(name))
                .setSpec(EgressIntentSpec.newBuilder()
                        .setWorkloads(WorkloadSelector.newBuilder()
                                .setNamespaceSelector(LabelSelector.newBuilder().putAllMatchLabels(Map.of("team", TEAM)))
                                .setPodSelector(LabelSelector.newBuilder().putAllMatchLabels(Map.of("app", APP))))
                        .setDestinations(Destinations.newBuilder().addCidrs(destination))
                        .setEgressIp(EgressIPRequest.newBuilder().setPool(pool))
                        .setPlacement(placement))
                .build();
    }
}
