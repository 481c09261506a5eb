package io.egressfed.hub.state;

import io.egressfed.api.v1alpha1.Backend;
import io.egressfed.api.v1alpha1.ClusterInventory;
import io.egressfed.api.v1alpha1.Destinations;
import io.egressfed.api.v1alpha1.EgressIPPool;
import io.egressfed.api.v1alpha1.EgressIPPoolSpec;
import io.egressfed.api.v1alpha1.EgressIPRequest;
import io.egressfed.api.v1alpha1.EgressIntent;
import io.egressfed.api.v1alpha1.EgressIntentSpec;
import io.egressfed.api.v1alpha1.GatewayInventory;
import io.egressfed.api.v1alpha1.GatewaySpec;
import io.egressfed.api.v1alpha1.LabelSelector;
import io.egressfed.api.v1alpha1.MemberCluster;
import io.egressfed.api.v1alpha1.MemberClusterSpec;
import io.egressfed.api.v1alpha1.ObjectMeta;
import io.egressfed.api.v1alpha1.Placement;
import io.egressfed.api.v1alpha1.PlacementMode;
import io.egressfed.api.v1alpha1.WorkloadSelector;
import java.util.List;

/** Valid resources for tests, expressible by every backend (matchLabels pod selector, no ports). */
public final class Resources {

    private Resources() {
    }

    /**
     * Metadata with labels.
     *
     * @param name the name
     * @param labelKeyValues key, value, key, value...
     * @return the metadata
     */
    public static ObjectMeta meta(String name, String... labelKeyValues) {
        ObjectMeta.Builder meta = ObjectMeta.newBuilder().setName(name);
        for (int i = 0; i < labelKeyValues.length; i += 2) {
            meta.putLabels(labelKeyValues[i], labelKeyValues[i + 1]);
        }
        return meta.build();
    }

    /**
     * A matchLabels selector.
     *
     * @param keyValues key, value, key, value...
     * @return the selector (empty: everything)
     */
    public static LabelSelector labels(String... keyValues) {
        LabelSelector.Builder selector = LabelSelector.newBuilder();
        for (int i = 0; i < keyValues.length; i += 2) {
            selector.putMatchLabels(keyValues[i], keyValues[i + 1]);
        }
        return selector.build();
    }

    /**
     * A pool routable everywhere.
     *
     * @param name the name
     * @param cidr its one prefix
     * @param exclude excluded addresses or prefixes
     * @return the pool
     */
    public static EgressIPPool pool(String name, String cidr, String... exclude) {
        return pool(name, labels(), cidr, exclude);
    }

    /**
     * A pool routable where {@code routableIn} selects.
     *
     * @param name the name
     * @param routableIn the pool's clusterSelector
     * @param cidr its one prefix
     * @param exclude excluded addresses or prefixes
     * @return the pool
     */
    public static EgressIPPool pool(String name, LabelSelector routableIn, String cidr, String... exclude) {
        return EgressIPPool.newBuilder()
                .setMetadata(meta(name))
                .setSpec(EgressIPPoolSpec.newBuilder().addCidrs(cidr).addAllExclude(List.of(exclude))
                        .setClusterSelector(routableIn))
                .build();
    }

    /**
     * A member cluster.
     *
     * @param name the name
     * @param backend its backend
     * @param labelKeyValues its labels
     * @return the cluster
     */
    public static MemberCluster cluster(String name, Backend backend, String... labelKeyValues) {
        return MemberCluster.newBuilder()
                .setMetadata(meta(name, labelKeyValues))
                .setSpec(MemberClusterSpec.newBuilder()
                        .setBackend(backend)
                        .setGateway(GatewaySpec.newBuilder().setNodeSelector(labels("egress-gateway", "true"))))
                .build();
    }

    /**
     * A PerCluster intent.
     *
     * @param name the name
     * @param pool its pool
     * @param clusters its placement clusterSelector
     * @return the intent
     */
    public static EgressIntent perCluster(String name, String pool, LabelSelector clusters) {
        return intent(name, pool, clusters, PlacementMode.PLACEMENT_MODE_PER_CLUSTER);
    }

    /**
     * An ActivePassive intent (failback defaulted by the hub).
     *
     * @param name the name
     * @param pool its pool
     * @param clusters its placement clusterSelector
     * @return the intent
     */
    public static EgressIntent activePassive(String name, String pool, LabelSelector clusters) {
        return intent(name, pool, clusters, PlacementMode.PLACEMENT_MODE_ACTIVE_PASSIVE);
    }

    /**
     * The intent with a pinned address.
     *
     * @param intent the intent
     * @param address the address
     * @return the pinned intent
     */
    public static EgressIntent pinned(EgressIntent intent, String address) {
        EgressIntent.Builder pinned = intent.toBuilder();
        pinned.getSpecBuilder().getEgressIpBuilder().setAddress(address);
        return pinned.build();
    }

    /**
     * An inventory report of one gateway node.
     *
     * @param cluster the cluster
     * @param node the node
     * @param addresses the addresses it carries
     * @return the report
     */
    public static ClusterInventory inventory(String cluster, String node, String... addresses) {
        return ClusterInventory.newBuilder()
                .setCluster(cluster)
                .addGateways(GatewayInventory.newBuilder().setNode(node).setReady(true).addAllAddresses(List.of(addresses)))
                .build();
    }

    private static EgressIntent intent(String name, String pool, LabelSelector clusters, PlacementMode mode) {
        return EgressIntent.newBuilder()
                .setMetadata(meta(name))
                .setSpec(EgressIntentSpec.newBuilder()
                        .setWorkloads(WorkloadSelector.newBuilder()
                                .setNamespaceSelector(labels("team", "payments"))
                                .setPodSelector(labels("app", name)))
                        .setDestinations(Destinations.newBuilder().addCidrs("203.0.113.0/24"))
                        .setEgressIp(EgressIPRequest.newBuilder().setPool(pool))
                        .setPlacement(Placement.newBuilder().setClusterSelector(clusters).setMode(mode)))
                .build();
    }
}
