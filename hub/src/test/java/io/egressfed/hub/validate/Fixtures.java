package io.egressfed.hub.validate;

import io.egressfed.api.v1alpha1.Allocation;
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
import io.egressfed.api.v1alpha1.LabelSelectorRequirement;
import io.egressfed.api.v1alpha1.MemberCluster;
import io.egressfed.api.v1alpha1.MemberClusterSpec;
import io.egressfed.api.v1alpha1.ObjectMeta;
import io.egressfed.api.v1alpha1.Placement;
import io.egressfed.api.v1alpha1.PlacementMode;
import io.egressfed.api.v1alpha1.WorkloadSelector;
import java.util.List;
import java.util.Map;

/**
 * A consistent, valid world built from the examples of DESIGN.md ("Resources"), plus builders for
 * variations of it.
 */
final class Fixtures {
    private Fixtures() {
    }

    static ObjectMeta meta(String name) {
        return ObjectMeta.newBuilder().setName(name).build();
    }

    static ObjectMeta meta(String name, Map<String, String> labels) {
        return ObjectMeta.newBuilder().setName(name).putAllLabels(labels).build();
    }

    static LabelSelector labels(String... keyValues) {
        LabelSelector.Builder selector = LabelSelector.newBuilder();
        for (int i = 0; i < keyValues.length; i += 2) {
            selector.putMatchLabels(keyValues[i], keyValues[i + 1]);
        }
        return selector.build();
    }

    static LabelSelector expression(String key, String operator, String... values) {
        return LabelSelector.newBuilder().addMatchExpressions(LabelSelectorRequirement.newBuilder()
                .setKey(key).setOperator(operator).addAllValues(List.of(values))).build();
    }

    // ------------------------------------------------------------------ pools

    /** The DESIGN.md pool: routable in region eu, network address excluded. */
    static EgressIPPool euPublic() {
        return EgressIPPool.newBuilder()
                .setMetadata(meta("eu-public"))
                .setSpec(EgressIPPoolSpec.newBuilder()
                        .addCidrs("198.51.100.0/27")
                        .addExclude("198.51.100.0/32")
                        .setClusterSelector(labels("region", "eu")))
                .build();
    }

    static EgressIPPool usPublic() {
        return EgressIPPool.newBuilder()
                .setMetadata(meta("us-public"))
                .setSpec(EgressIPPoolSpec.newBuilder().addCidrs("192.0.2.0/28").setClusterSelector(labels("region", "us")))
                .build();
    }

    static EgressIPPool v6Public() {
        return pool("v6-public", "2001:db8:100::/64");
    }

    static EgressIPPool pool(String name, String... cidrs) {
        return EgressIPPool.newBuilder()
                .setMetadata(meta(name))
                .setSpec(EgressIPPoolSpec.newBuilder().addAllCidrs(List.of(cidrs)))
                .build();
    }

    // --------------------------------------------------------------- clusters

    static MemberCluster euWest1() {
        return MemberCluster.newBuilder()
                .setMetadata(meta("eu-west-1", Map.of("region", "eu", "tier", "prod")))
                .setSpec(MemberClusterSpec.newBuilder()
                        .setBackend(Backend.BACKEND_CILIUM)
                        .setGateway(GatewaySpec.newBuilder()
                                .setNodeSelector(labels("egress-gateway", "true"))
                                .setInterface("eth1")))
                .build();
    }

    static MemberCluster euCentral1() {
        return cluster("eu-central-1", Backend.BACKEND_CILIUM, Map.of("region", "eu", "tier", "prod"));
    }

    static MemberCluster usEast1() {
        return cluster("us-east-1", Backend.BACKEND_KUBE_VIP, Map.of("region", "us"));
    }

    static MemberCluster cluster(String name, Backend backend, Map<String, String> labels) {
        return MemberCluster.newBuilder()
                .setMetadata(meta(name, labels))
                .setSpec(MemberClusterSpec.newBuilder()
                        .setBackend(backend)
                        .setGateway(GatewaySpec.newBuilder().setNodeSelector(labels("egress-gateway", "true"))))
                .build();
    }

    // ---------------------------------------------------------------- intents

    /** The DESIGN.md intent: ActivePassive in region eu, preferring eu-west-1. */
    static EgressIntent paymentsBankApi() {
        return EgressIntent.newBuilder()
                .setMetadata(meta("payments-bank-api"))
                .setSpec(EgressIntentSpec.newBuilder()
                        .setWorkloads(WorkloadSelector.newBuilder()
                                .setNamespaceSelector(labels("team", "payments"))
                                .setPodSelector(labels("app", "settlement")))
                        .setDestinations(Destinations.newBuilder()
                                .addCidrs("203.0.113.0/24")
                                .addExceptCidrs("203.0.113.128/25"))
                        .setEgressIp(EgressIPRequest.newBuilder().setPool("eu-public"))
                        .setPlacement(Placement.newBuilder()
                                .setClusterSelector(labels("region", "eu"))
                                .setMode(PlacementMode.PLACEMENT_MODE_ACTIVE_PASSIVE)
                                .addPreference("eu-west-1")
                                .addPreference("eu-central-1")
                                .setFailback(Failback.FAILBACK_AUTO)))
                .build();
    }

    /** An ActivePassive intent with a pinned address that is already allocated. */
    static EgressIntent pinnedIntent() {
        EgressIntent.Builder intent = paymentsBankApi().toBuilder().setMetadata(meta("pinned-intent"));
        intent.getSpecBuilder().getEgressIpBuilder().setAddress("198.51.100.10");
        return intent.build();
    }

    /** An ActivePassive intent whose pinned address is not allocated yet. */
    static EgressIntent pinnedPending() {
        EgressIntent.Builder intent = paymentsBankApi().toBuilder().setMetadata(meta("pinned-pending"));
        intent.getSpecBuilder().getEgressIpBuilder().setAddress("198.51.100.20");
        return intent.build();
    }

    /** An ActivePassive intent over every tier=prod cluster. */
    static EgressIntent reportsExport() {
        EgressIntent.Builder intent = paymentsBankApi().toBuilder().setMetadata(meta("reports-export"));
        intent.getSpecBuilder().getPlacementBuilder().clearPreference().setClusterSelector(labels("tier", "prod"));
        return intent.build();
    }

    /** A PerCluster intent in the kube-vip cluster, with destination ports. */
    static EgressIntent usBilling() {
        return EgressIntent.newBuilder()
                .setMetadata(meta("us-billing"))
                .setSpec(EgressIntentSpec.newBuilder()
                        .setWorkloads(WorkloadSelector.newBuilder()
                                .setNamespaceSelector(labels("kubernetes.io/metadata.name", "billing"))
                                .setPodSelector(labels("app", "invoicer")))
                        .setDestinations(Destinations.newBuilder().addCidrs("0.0.0.0/0").addPorts("443").addPorts("8080"))
                        .setEgressIp(EgressIPRequest.newBuilder().setPool("us-public"))
                        .setPlacement(Placement.newBuilder()
                                .setClusterSelector(labels("region", "us"))
                                .setMode(PlacementMode.PLACEMENT_MODE_PER_CLUSTER)))
                .build();
    }

    static Allocation allocation(String ip, String pool, String intent, String cluster) {
        return Allocation.newBuilder().setIp(ip).setPool(pool).setIntent(intent).setCluster(cluster).build();
    }

    /** Everything above, stored together. */
    static World world() {
        return World.of(
                List.of(euPublic(), usPublic(), v6Public()),
                List.of(euWest1(), euCentral1(), usEast1()),
                List.of(paymentsBankApi(), pinnedIntent(), pinnedPending(), reportsExport(), usBilling()),
                List.of(
                        allocation("198.51.100.1", "eu-public", "payments-bank-api", ""),
                        allocation("198.51.100.10", "eu-public", "pinned-intent", ""),
                        allocation("198.51.100.2", "eu-public", "reports-export", ""),
                        allocation("192.0.2.1", "us-public", "us-billing", "us-east-1")));
    }
}
