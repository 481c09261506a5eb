package io.egressfed.hub.compile;

import io.egressfed.api.v1alpha1.Allocation;
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
import io.egressfed.api.v1alpha1.PlacementDecision;
import io.egressfed.api.v1alpha1.PlacementMode;
import io.egressfed.api.v1alpha1.WorkloadSelector;
import java.util.List;

/** Small builders for compiler inputs. */
final class Fixtures {

    static final String POOL = "eu-public";

    private Fixtures() {
    }

    static MemberCluster cluster(String name, Backend backend) {
        return MemberCluster.newBuilder()
                .setMetadata(ObjectMeta.newBuilder().setName(name).putLabels("region", "eu"))
                .setSpec(MemberClusterSpec.newBuilder()
                        .setBackend(backend)
                        .setGateway(GatewaySpec.newBuilder()
                                .setNodeSelector(LabelSelector.newBuilder().putMatchLabels("egress-gateway", "true"))))
                .build();
    }

    static MemberCluster cluster(String name) {
        return cluster(name, Backend.BACKEND_KUBE_VIP);
    }

    static EgressIPPool pool(String name) {
        return EgressIPPool.newBuilder()
                .setMetadata(ObjectMeta.newBuilder().setName(name))
                .setSpec(EgressIPPoolSpec.newBuilder().addCidrs("198.51.100.0/24"))
                .build();
    }

    static EgressIntent intent(String name, PlacementMode mode) {
        return EgressIntent.newBuilder()
                .setMetadata(ObjectMeta.newBuilder().setName(name))
                .setSpec(EgressIntentSpec.newBuilder()
                        .setWorkloads(WorkloadSelector.newBuilder()
                                .setNamespaceSelector(LabelSelector.newBuilder().putMatchLabels("team", "payments"))
                                .setPodSelector(LabelSelector.newBuilder().putMatchLabels("app", name)))
                        .setDestinations(Destinations.newBuilder()
                                .addCidrs("203.0.113.0/24")
                                .addExceptCidrs("203.0.113.128/25")
                                .addPorts("443"))
                        .setEgressIp(EgressIPRequest.newBuilder().setPool(POOL))
                        .setPlacement(Placement.newBuilder().setMode(mode)))
                .build();
    }

    static EgressIntent perCluster(String name) {
        return intent(name, PlacementMode.PLACEMENT_MODE_PER_CLUSTER);
    }

    static EgressIntent activePassive(String name) {
        return intent(name, PlacementMode.PLACEMENT_MODE_ACTIVE_PASSIVE);
    }

    static Allocation alloc(String ip, String intent, String cluster) {
        return Allocation.newBuilder().setIp(ip).setPool(POOL).setIntent(intent).setCluster(cluster).build();
    }

    static Allocation shared(String ip, String intent) {
        return alloc(ip, intent, "");
    }

    static PlacementDecision decision(String intent, long epoch, List<String> active, List<String> fenced) {
        return PlacementDecision.newBuilder()
                .setIntent(intent)
                .setEpoch(epoch)
                .addAllActiveClusters(active)
                .addAllFencedClusters(fenced)
                .build();
    }

    static ClusterInventory inventory(String cluster, String node, String... addresses) {
        return ClusterInventory.newBuilder()
                .setCluster(cluster)
                .addGateways(GatewayInventory.newBuilder().setNode(node).setReady(true).addAllAddresses(List.of(addresses)))
                .build();
    }
}
