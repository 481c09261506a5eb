package io.egressfed.hub.state;

import static io.egressfed.hub.state.Resources.activePassive;
import static io.egressfed.hub.state.Resources.cluster;
import static io.egressfed.hub.state.Resources.inventory;
import static io.egressfed.hub.state.Resources.labels;
import static io.egressfed.hub.state.Resources.meta;
import static io.egressfed.hub.state.Resources.perCluster;
import static io.egressfed.hub.state.Resources.pinned;
import static io.egressfed.hub.state.Resources.pool;
import static io.egressfed.hub.state.TestHub.ACTOR;
import static io.egressfed.hub.state.TestHub.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.egressfed.api.v1alpha1.Backend;
import io.egressfed.api.v1alpha1.EgressIPPool;
import io.egressfed.api.v1alpha1.EgressIntent;
import io.egressfed.api.v1alpha1.LabelSelector;
import io.egressfed.api.v1alpha1.LabelSelectorRequirement;
import io.egressfed.api.v1alpha1.MemberCluster;
import io.egressfed.api.v1alpha1.PlacementMode;
import io.egressfed.hub.store.Keys;
import io.egressfed.hub.store.Listing;
import io.egressfed.hub.store.Store;
import io.egressfed.hub.validate.ValidationError;
import io.egressfed.hub.validate.ValidationException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed resources and refused changes, sent through the resource service: each is rejected with
 * the expected field path, and the store is left exactly as it was (every key, value and revision
 * under the root, and the store revision). Runs on each store implementation.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ResourceValidationTable {

    private TestHub hub;

    /** The store the table runs on; a new one per class. */
    protected abstract Store newStore();

    @BeforeAll
    void storeAValidWorld() {
        hub = new TestHub(newStore(), new Keys("/validation-" + UUID.randomUUID() + "/"),
                new TestClock(Instant.parse("2030-01-01T00:00:00Z")));
        hub.create(ResourceKind.POOL, pool("eu-public", labels("region", "eu"), "198.51.100.0/27", "198.51.100.0/32"));
        hub.create(ResourceKind.POOL, pool("us-public", labels("region", "us"), "192.0.2.0/28"));
        hub.create(ResourceKind.POOL, pool("v6-public", "2001:db8:100::/64"));
        hub.create(ResourceKind.CLUSTER, cluster("eu-west-1", Backend.BACKEND_CILIUM, "region", "eu", "tier", "prod"));
        hub.create(ResourceKind.CLUSTER, cluster("eu-central-1", Backend.BACKEND_CILIUM, "region", "eu", "tier", "prod"));
        hub.create(ResourceKind.CLUSTER, cluster("us-east-1", Backend.BACKEND_KUBE_VIP, "region", "us"));
        hub.report(inventory("eu-west-1", "node-a", "198.51.100.1", "198.51.100.2", "198.51.100.20"));
        hub.report(inventory("eu-central-1", "node-b", "198.51.100.1", "198.51.100.2", "198.51.100.20"));
        hub.create(ResourceKind.INTENT, paymentsBankApi());
        hub.create(ResourceKind.INTENT, pinned(paymentsBankApi().toBuilder().setMetadata(meta("pinned-pending")).build(),
                "198.51.100.20"));
        hub.create(ResourceKind.INTENT, perCluster("us-billing", "us-public", labels("region", "us")));
        assertThat(hub.reconcile("payments-bank-api").isAllocated()).isTrue();
        assertThat(hub.reconcile("pinned-pending").isAllocated()).isTrue();
        assertThat(hub.reconcile("us-billing").isAllocated()).isTrue();
    }

    @AfterAll
    void close() {
        hub.close();
    }

    /** An action on the hub that must be refused. */
    interface Refused extends Function<TestHub, Object> {
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                // ------------------------------------------------------------------ pools
                row("pool without a name", newPool(p -> p.getMetadataBuilder().clearName()), "metadata.name", "required"),
                row("pool name with upper case", newPool(p -> p.getMetadataBuilder().setName("EU_Extra")),
                        "metadata.name", "is not a DNS-1123 label"),
                row("pool label key with two slashes", newPool(p -> p.getMetadataBuilder().putLabels("a/b/c", "x")),
                        "metadata.labels", "has more than one '/'"),
                row("pool without cidrs", newPool(p -> p.getSpecBuilder().clearCidrs()), "spec.cidrs", "at least one CIDR"),
                row("pool prefix above 32", newPool(p -> p.getSpecBuilder().setCidrs(0, "198.51.100.64/33")),
                        "spec.cidrs[0]", "prefix length 33 is above 32"),
                row("pool cidr with host bits", newPool(p -> p.getSpecBuilder().setCidrs(0, "198.51.100.70/27")),
                        "spec.cidrs[0]", "did you mean 198.51.100.64/27?"),
                row("pool cidr with a leading zero", newPool(p -> p.getSpecBuilder().setCidrs(0, "198.051.100.64/27")),
                        "spec.cidrs[0]", "leading zero"),
                row("pool mixing IPv4 and IPv6", newPool(p -> p.getSpecBuilder().addCidrs("2001:db8:200::/64")),
                        "spec.cidrs[1]", "a pool holds one address family"),
                row("pool overlapping another pool", newPool(p -> p.getSpecBuilder().setCidrs(0, "198.51.100.0/24")),
                        "spec.cidrs[0]", "overlaps 198.51.100.0/27 of pool \"eu-public\""),
                row("pool of IPv4-mapped IPv6 addresses", newPool(p -> p.getSpecBuilder().setCidrs(0, "::ffff:198.51.100.64/123")),
                        "spec.cidrs[0]", "the IPv4-mapped IPv6 addresses"),
                row("pool exclude outside the pool", newPool(p -> p.getSpecBuilder().addExclude("198.51.100.200")),
                        "spec.exclude[0]", "is not inside any of spec.cidrs"),
                row("pool excluding every address", newPool(p -> p.getSpecBuilder().addExclude("198.51.100.64/27")),
                        "spec.exclude", "no allocatable address"),
                row("pool selector with a lower-case operator",
                        newPool(p -> p.getSpecBuilder().setClusterSelector(expression("region", "in", "eu"))),
                        "spec.clusterSelector.matchExpressions[0].operator", "unknown operator \"in\""),
                row("pool created with a resourceVersion", newPool(p -> p.getMetadataBuilder().setResourceVersion("3")),
                        "metadata.resourceVersion", "must be empty on create"),
                row("pool shrinking away allocated addresses", changedEuPublic(p -> p.getSpecBuilder().setCidrs(0, "198.51.100.16/28").clearExclude()),
                        "spec.cidrs", "198.51.100.1 (allocated to intent \"payments-bank-api\")"),
                row("pool excluding a pinned, allocated address", changedEuPublic(p -> p.getSpecBuilder().addExclude("198.51.100.20")),
                        "spec.exclude[1]", "198.51.100.20 (allocated to intent \"pinned-pending\")"),
                row("pool update with a malformed resourceVersion", changedEuPublic(p -> p.getMetadataBuilder().setResourceVersion("v2")),
                        "metadata.resourceVersion", "\"v2\" is not a resourceVersion"),
                row("pool no longer routable for an ActivePassive intent",
                        changedEuPublic(p -> p.getSpecBuilder().setClusterSelector(labels("region", "emea"))),
                        "spec.clusterSelector", "pool would not be routable in clusters \"eu-central-1\", \"eu-west-1\""),
                row("deleting a pool in use", hub -> await(hub.resources().delete(ResourceKind.POOL, "us-public", "", ACTOR)),
                        "", "intent \"us-billing\" still uses this pool (allocated: 192.0.2.0)"),
                // --------------------------------------------------------------- clusters
                row("cluster without backend", newCluster(c -> c.getSpecBuilder().setBackend(Backend.BACKEND_UNSPECIFIED)),
                        "spec.backend", "required; one of cilium, kube-vip, cilium-vip"),
                row("cluster with an unknown backend number", newCluster(c -> c.getSpecBuilder().setBackendValue(9)),
                        "spec.backend", "unknown value 9"),
                row("cluster interface of 16 characters",
                        newCluster(c -> c.getSpecBuilder().getGatewayBuilder().setInterface("eth0123456789abc")),
                        "spec.gateway.interface", "longer than 15 characters"),
                row("cluster interface with kube-vip", newCluster(c -> c.getSpecBuilder().setBackend(Backend.BACKEND_KUBE_VIP)
                                .getGatewayBuilder().setInterface("eth1")),
                        "spec.gateway.interface", "only the cilium backend uses an egress interface"),
                row("cluster node selector In without values",
                        newCluster(c -> c.getSpecBuilder().getGatewayBuilder().setNodeSelector(expression("egress-gateway", "In"))),
                        "spec.gateway.nodeSelector.matchExpressions[0].values", "In needs at least one value"),
                row("cluster relabelled away from intents that prefer it", hub -> hub.update(ResourceKind.CLUSTER,
                                hub.get(ResourceKind.CLUSTER, "eu-west-1").toBuilder().setMetadata(meta("eu-west-1", "region", "emea")).build()),
                        "metadata.labels", "names this cluster in spec.placement.preference"),
                row("deleting a cluster named in a preference", hub -> hub.delete(ResourceKind.CLUSTER, "eu-central-1"),
                        "", "names this cluster in spec.placement.preference"),
                // ---------------------------------------------------------------- intents
                row("intent without workloads", newIntent(i -> i.getSpecBuilder().clearWorkloads()),
                        "spec.workloads", "required"),
                row("intent pod selector with a bad value",
                        newIntent(i -> i.getSpecBuilder().getWorkloadsBuilder().setPodSelector(labels("app", "settle/ment"))),
                        "spec.workloads.podSelector.matchLabels", "label value"),
                row("intent without destinations", newIntent(i -> i.getSpecBuilder().getDestinationsBuilder().clearCidrs()),
                        "spec.destinations.cidrs", "at least one destination CIDR is required"),
                row("intent destination of the other family",
                        newIntent(i -> i.getSpecBuilder().getDestinationsBuilder().addCidrs("2001:db8::/32")),
                        "spec.destinations.cidrs[1]", "but pool \"eu-public\" is IPv4"),
                row("intent ports in cilium clusters", newIntent(i -> i.getSpecBuilder().getDestinationsBuilder().addPorts("443")),
                        "spec.destinations.ports", "cannot be expressed in clusters \"eu-central-1\" (cilium), \"eu-west-1\" (cilium)"),
                row("intent naming an unknown pool", newIntent(i -> i.getSpecBuilder().getEgressIpBuilder().setPool("nope")),
                        "spec.egressIP.pool", "pool \"nope\" does not exist"),
                row("intent pinning an address outside its pool",
                        newIntent(i -> i.getSpecBuilder().getEgressIpBuilder().setAddress("198.51.100.99")),
                        "spec.egressIP.address", "is outside pool \"eu-public\""),
                row("intent pinning an allocated address",
                        newIntent(i -> i.getSpecBuilder().getEgressIpBuilder().setAddress("198.51.100.1")),
                        "spec.egressIP.address", "198.51.100.1 is already allocated to intent \"payments-bank-api\""),
                row("intent pinning with PerCluster", hub -> hub.create(ResourceKind.INTENT,
                                pinned(perCluster("us-orders", "us-public", labels("region", "us")), "192.0.2.5")),
                        "spec.egressIP.address", "a pinned address needs placement mode ActivePassive"),
                row("intent without placement mode",
                        newIntent(i -> i.getSpecBuilder().getPlacementBuilder().setMode(PlacementMode.PLACEMENT_MODE_UNSPECIFIED)),
                        "spec.placement.mode", "required; one of PerCluster, ActivePassive"),
                row("intent preferring an unknown cluster",
                        newIntent(i -> i.getSpecBuilder().getPlacementBuilder().setPreference(0, "nope")),
                        "spec.placement.preference[0]", "cluster \"nope\" does not exist"),
                row("ActivePassive over a cluster where the pool is not routable",
                        newIntent(i -> i.getSpecBuilder().getPlacementBuilder().clearPreference()
                                .setClusterSelector(expression("region", "In", "eu", "us"))),
                        "spec.placement.clusterSelector", "pool \"eu-public\" is not routable in cluster \"us-east-1\""),
                row("intent update preferring an unknown cluster", hub -> {
                    EgressIntent.Builder intent = hub.get(ResourceKind.INTENT, "payments-bank-api").toBuilder();
                    intent.getSpecBuilder().getPlacementBuilder().addPreference("eu-south-9");
                    return hub.update(ResourceKind.INTENT, intent.build());
                }, "spec.placement.preference[2]", "cluster \"eu-south-9\" does not exist"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void isRefusedWithTheFieldPathAndChangesNothing(String description, Refused action, String field, String reason) {
        Listing before = hub.everything();

        assertThatThrownBy(() -> action.apply(hub)).isInstanceOfSatisfying(ValidationException.class, refused -> {
            assertThat(refused.errors()).as(description).isNotEmpty();
            assertThat(refused.errors()).extracting(ValidationError::field).as(description).containsOnly(field);
            assertThat(refused.errors().get(0).reason()).contains(reason);
        });

        Listing after = hub.everything();
        assertThat(after.items()).as("every key, value and revision under the root").isEqualTo(before.items());
        assertThat(after.revision()).as("store revision").isEqualTo(before.revision());
    }

    private static Arguments row(String description, Refused action, String field, String reason) {
        return Arguments.of(description, action, field, reason);
    }

    /** A new pool "eu-extra" that is valid until {@code change} breaks it. */
    private static Refused newPool(Consumer<EgressIPPool.Builder> change) {
        EgressIPPool.Builder pool = pool("eu-extra", labels("region", "eu"), "198.51.100.64/27").toBuilder();
        change.accept(pool);
        return hub -> hub.create(ResourceKind.POOL, pool.build());
    }

    /** The stored pool "eu-public", read, changed and sent back. */
    private static Refused changedEuPublic(Consumer<EgressIPPool.Builder> change) {
        return hub -> {
            EgressIPPool.Builder pool = hub.get(ResourceKind.POOL, "eu-public").toBuilder();
            change.accept(pool);
            return hub.update(ResourceKind.POOL, pool.build());
        };
    }

    /** A new cilium cluster "eu-north-1" in region eu that is valid until {@code change} breaks it. */
    private static Refused newCluster(Consumer<MemberCluster.Builder> change) {
        MemberCluster.Builder cluster = cluster("eu-north-1", Backend.BACKEND_CILIUM, "region", "eu").toBuilder();
        change.accept(cluster);
        return hub -> hub.create(ResourceKind.CLUSTER, cluster.build());
    }

    /** A new ActivePassive intent "orders-api" in region eu that is valid until {@code change} breaks it. */
    private static Refused newIntent(Consumer<EgressIntent.Builder> change) {
        EgressIntent.Builder intent = paymentsBankApi().toBuilder().setMetadata(meta("orders-api"));
        change.accept(intent);
        return hub -> hub.create(ResourceKind.INTENT, intent.build());
    }

    private static EgressIntent paymentsBankApi() {
        EgressIntent.Builder intent = activePassive("payments-bank-api", "eu-public", labels("region", "eu")).toBuilder();
        intent.getSpecBuilder().getPlacementBuilder().addAllPreference(List.of("eu-west-1", "eu-central-1"));
        return intent.build();
    }

    private static LabelSelector expression(String key, String operator, String... values) {
        return LabelSelector.newBuilder().addMatchExpressions(LabelSelectorRequirement.newBuilder()
                .setKey(key).setOperator(operator).addAllValues(List.of(values))).build();
    }
}
