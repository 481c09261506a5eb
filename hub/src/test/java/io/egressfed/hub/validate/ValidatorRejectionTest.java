package io.egressfed.hub.validate;

import static io.egressfed.hub.validate.Fixtures.expression;
import static io.egressfed.hub.validate.Fixtures.labels;
import static io.egressfed.hub.validate.Fixtures.meta;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.egressfed.api.v1alpha1.Backend;
import io.egressfed.api.v1alpha1.Condition;
import io.egressfed.api.v1alpha1.EgressIPPool;
import io.egressfed.api.v1alpha1.EgressIPPoolStatus;
import io.egressfed.api.v1alpha1.EgressIntent;
import io.egressfed.api.v1alpha1.EgressIntentSpec;
import io.egressfed.api.v1alpha1.Failback;
import io.egressfed.api.v1alpha1.MemberCluster;
import io.egressfed.api.v1alpha1.PlacementMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each malformed resource is refused with the exact field path and a reason naming the fault. */
class ValidatorRejectionTest {
    private static final Validator VALIDATOR = Validator.create();
    private static final World WORLD = Fixtures.world();

    // ------------------------------------------------------------ case builders

    /** A new pool "eu-extra" that is valid until {@code change} breaks it. */
    private static ThrowingCallable newPool(Consumer<EgressIPPool.Builder> change) {
        EgressIPPool.Builder pool = EgressIPPool.newBuilder().setMetadata(meta("eu-extra"));
        pool.getSpecBuilder().addCidrs("198.51.100.64/27").setClusterSelector(labels("region", "eu"));
        change.accept(pool);
        EgressIPPool candidate = pool.build();
        return () -> VALIDATOR.validatePool(candidate, WORLD);
    }

    /** A new version of the stored pool "eu-public". */
    private static ThrowingCallable changedEuPublic(Consumer<EgressIPPool.Builder> change) {
        EgressIPPool.Builder pool = Fixtures.euPublic().toBuilder();
        change.accept(pool);
        EgressIPPool candidate = pool.build();
        return () -> VALIDATOR.validatePool(candidate, WORLD);
    }

    /** A new cluster "eu-north-1" (cilium, region eu) that is valid until {@code change} breaks it. */
    private static ThrowingCallable newCluster(Consumer<MemberCluster.Builder> change) {
        MemberCluster.Builder cluster = Fixtures.euWest1().toBuilder().setMetadata(meta("eu-north-1", Map.of("region", "eu")));
        change.accept(cluster);
        MemberCluster candidate = cluster.build();
        return () -> VALIDATOR.validateCluster(candidate, WORLD);
    }

    /** A new ActivePassive intent "orders-api" in region eu that is valid until {@code change} breaks it. */
    private static ThrowingCallable newIntent(Consumer<EgressIntent.Builder> change) {
        EgressIntent.Builder intent = Fixtures.paymentsBankApi().toBuilder().setMetadata(meta("orders-api"));
        change.accept(intent);
        EgressIntent candidate = intent.build();
        return () -> VALIDATOR.validateIntent(candidate, WORLD);
    }

    /** A new PerCluster intent in the kube-vip cluster us-east-1, valid until {@code change} breaks it. */
    private static ThrowingCallable newUsIntent(Consumer<EgressIntentSpec.Builder> change) {
        EgressIntent.Builder intent = Fixtures.usBilling().toBuilder().setMetadata(meta("us-orders"));
        change.accept(intent.getSpecBuilder());
        EgressIntent candidate = intent.build();
        return () -> VALIDATOR.validateIntent(candidate, WORLD);
    }

    /** A case whose only error is at {@code field}, with {@code reason} in its text. */
    private static Arguments reject(String description, ThrowingCallable validation, String field, String reason) {
        return reject(description, validation, field, reason, 1);
    }

    /** A case with {@code count} errors, all at {@code field}, the first with {@code reason} in its text. */
    private static Arguments reject(String description, ThrowingCallable validation, String field, String reason, int count) {
        return Arguments.of(description, validation, field, reason, count);
    }

    static Stream<Arguments> malformed() {
        String bigText = "x".repeat(Validator.MAX_OBJECT_BYTES);
        return Stream.of(
                // ---------------------------------------------------------------- metadata
                reject("name missing", newPool(p -> p.getMetadataBuilder().clearName()),
                        "metadata.name", "required"),
                reject("name with upper case and underscore", newPool(p -> p.getMetadataBuilder().setName("EU_Extra")),
                        "metadata.name", "is not a DNS-1123 label"),
                reject("name of 64 characters", newCluster(c -> c.getMetadataBuilder().setName("a".repeat(64))),
                        "metadata.name", "longer than 63 characters"),
                reject("name ending in a dash", newIntent(i -> i.getMetadataBuilder().setName("orders-")),
                        "metadata.name", "is not a DNS-1123 label"),
                reject("label key with two slashes", newPool(p -> p.getMetadataBuilder().putLabels("a/b/c", "x")),
                        "metadata.labels", "has more than one '/'"),
                reject("label value with a space", newCluster(c -> c.getMetadataBuilder().putLabels("tier", "pro d")),
                        "metadata.labels", "label \"tier\": value \"pro d\" is not a label value"),
                reject("annotation key with a bad prefix", newIntent(i -> i.getMetadataBuilder().putAnnotations("Example.com/x", "anything")),
                        "metadata.annotations", "prefix of key \"Example.com/x\""),
                reject("object above 256 KiB", newPool(p -> p.setStatus(EgressIPPoolStatus.newBuilder()
                                .addConditions(Condition.newBuilder().setMessage(bigText)))),
                        "", "above the limit of 262144 bytes (256 KiB)"),
                // ------------------------------------------------------------------- pools
                reject("pool without cidrs", newPool(p -> p.getSpecBuilder().clearCidrs()),
                        "spec.cidrs", "at least one CIDR is required"),
                reject("pool cidr with prefix above 32", newPool(p -> p.getSpecBuilder().setCidrs(0, "198.51.100.64/33")),
                        "spec.cidrs[0]", "prefix length 33 is above 32 for IPv4"),
                reject("pool cidr with host bits set", newPool(p -> p.getSpecBuilder().setCidrs(0, "198.51.100.70/27")),
                        "spec.cidrs[0]", "host bits set; did you mean 198.51.100.64/27?"),
                reject("pool cidr with a leading zero", newPool(p -> p.getSpecBuilder().setCidrs(0, "198.051.100.64/27")),
                        "spec.cidrs[0]", "octet \"051\" has a leading zero"),
                reject("pool cidr that is a host name", newPool(p -> p.getSpecBuilder().addCidrs("egress.example.com/32")),
                        "spec.cidrs[1]", "host names are not accepted"),
                reject("pool mixing IPv4 and IPv6", newPool(p -> p.getSpecBuilder().addCidrs("2001:db8:200::/64")),
                        "spec.cidrs[1]", "IPv6 prefix 2001:db8:200::/64 in a pool whose spec.cidrs[0] is IPv4"),
                reject("pool of IPv4-mapped IPv6 addresses", newPool(p -> p.getSpecBuilder().setCidrs(0, "::ffff:198.51.100.64/123")),
                        "spec.cidrs[0]", "::ffff:198.51.100.64/123 overlaps ::ffff:0.0.0.0/96, the IPv4-mapped IPv6 addresses"),
                reject("pool cidrs overlapping each other", newPool(p -> p.getSpecBuilder().addCidrs("198.51.100.80/28")),
                        "spec.cidrs[1]", "198.51.100.80/28 overlaps spec.cidrs[0] (198.51.100.64/27)"),
                reject("pool overlapping another pool", newPool(p -> p.getSpecBuilder().setCidrs(0, "198.51.100.0/24")),
                        "spec.cidrs[0]", "198.51.100.0/24 overlaps 198.51.100.0/27 of pool \"eu-public\""),
                reject("exclude outside the pool", newPool(p -> p.getSpecBuilder().addExclude("198.51.100.200")),
                        "spec.exclude[0]", "198.51.100.200/32 is not inside any of spec.cidrs"),
                reject("exclude straddling the pool edge", newPool(p -> p.getSpecBuilder().addExclude("198.51.100.64/26")),
                        "spec.exclude[0]", "198.51.100.64/26 is not inside any of spec.cidrs"),
                reject("exclude of the other family", newPool(p -> p.getSpecBuilder().addExclude("2001:db8::1")),
                        "spec.exclude[0]", "IPv6 entry 2001:db8::1/128 in an IPv4 pool"),
                reject("exclude that is not an address", newPool(p -> p.getSpecBuilder().addExclude("198.51.100.300")),
                        "spec.exclude[0]", "octet \"300\" is above 255"),
                reject("exclude of every address", newPool(p -> p.getSpecBuilder().addExclude("198.51.100.64/28").addExclude("198.51.100.80/28")),
                        "spec.exclude", "the pool has no allocatable address"),
                reject("pool clusterSelector with a lower-case operator", newPool(p -> p.getSpecBuilder().setClusterSelector(expression("region", "in", "eu"))),
                        "spec.clusterSelector.matchExpressions[0].operator", "unknown operator \"in\"; one of In, NotIn, Exists, DoesNotExist"),
                reject("pool clusterSelector with a bad key", newPool(p -> p.getSpecBuilder().setClusterSelector(labels("-region", "eu"))),
                        "spec.clusterSelector.matchLabels", "key \"-region\" is not a qualified name"),
                reject("pool shrinking away an allocated address", changedEuPublic(p -> p.getSpecBuilder().setCidrs(0, "198.51.100.16/28").clearExclude()),
                        "spec.cidrs", "would remove addresses still in use: 198.51.100.1 (allocated to intent \"payments-bank-api\"),"
                                + " 198.51.100.10 (allocated to intent \"pinned-intent\"), 198.51.100.2 (allocated to intent \"reports-export\")"),
                reject("pool excluding an allocated, pinned address", changedEuPublic(p -> p.getSpecBuilder().addExclude("198.51.100.8/29")),
                        "spec.exclude[1]", "198.51.100.10 (allocated to intent \"pinned-intent\")"),
                reject("pool excluding a pinned address not yet allocated", changedEuPublic(p -> p.getSpecBuilder().addExclude("198.51.100.20")),
                        "spec.exclude[1]", "198.51.100.20 (pinned by intent \"pinned-pending\")"),
                reject("pool no longer routable for an ActivePassive intent", changedEuPublic(p -> p.getSpecBuilder().setClusterSelector(labels("egress", "eu-west"))),
                        "spec.clusterSelector", "pool would not be routable in clusters \"eu-central-1\", \"eu-west-1\", candidates of ActivePassive intent \"payments-bank-api\"", 4),
                // ---------------------------------------------------------------- clusters
                reject("cluster without backend", newCluster(c -> c.getSpecBuilder().setBackend(Backend.BACKEND_UNSPECIFIED)),
                        "spec.backend", "required; one of cilium, kube-vip, cilium-vip"),
                reject("cluster with an unknown backend number", newCluster(c -> c.getSpecBuilder().setBackendValue(9)),
                        "spec.backend", "unknown value 9; one of cilium, kube-vip, cilium-vip"),
                reject("cluster node selector In without values", newCluster(c -> c.getSpecBuilder().getGatewayBuilder().setNodeSelector(expression("egress-gateway", "In"))),
                        "spec.gateway.nodeSelector.matchExpressions[0].values", "In needs at least one value"),
                reject("cluster node selector Exists with values", newCluster(c -> c.getSpecBuilder().getGatewayBuilder().setNodeSelector(expression("egress-gateway", "Exists", "true"))),
                        "spec.gateway.nodeSelector.matchExpressions[0].values", "Exists takes no values"),
                reject("cluster interface of 16 characters", newCluster(c -> c.getSpecBuilder().getGatewayBuilder().setInterface("eth0123456789abc")),
                        "spec.gateway.interface", "longer than 15 characters"),
                reject("cluster interface with a slash", newCluster(c -> c.getSpecBuilder().getGatewayBuilder().setInterface("eth/1")),
                        "spec.gateway.interface", "is not an interface name"),
                reject("cluster interface with a kube-vip backend", newCluster(c -> c.getSpecBuilder().setBackend(Backend.BACKEND_CILIUM_VIP)),
                        "spec.gateway.interface", "only the cilium backend uses an egress interface"),
                reject("cluster switching to kube-vip under an intent it cannot express",
                        () -> VALIDATOR.validateCluster(Fixtures.euCentral1().toBuilder()
                                .setSpec(Fixtures.euCentral1().getSpec().toBuilder().setBackend(Backend.BACKEND_KUBE_VIP)).build(),
                                worldWith(Fixtures.paymentsBankApi().toBuilder().setMetadata(meta("any-pod")).setSpec(
                                        Fixtures.paymentsBankApi().getSpec().toBuilder().setWorkloads(
                                                Fixtures.paymentsBankApi().getSpec().getWorkloads().toBuilder()
                                                        .setPodSelector(expression("app", "In", "a", "b")))).build())),
                        "spec.backend", "kube-vip cannot express intent \"any-pod\": spec.workloads.podSelector.matchExpressions"),
                reject("cluster relabelled away from an intent that prefers it",
                        () -> VALIDATOR.validateCluster(Fixtures.euWest1().toBuilder()
                                .setMetadata(meta("eu-west-1", Map.of("region", "emea", "tier", "dev"))).build(), WORLD),
                        "metadata.labels", "intent \"payments-bank-api\" names this cluster in spec.placement.preference", 3),
                reject("new cluster where an ActivePassive intent's pool is not routable",
                        () -> VALIDATOR.validateCluster(Fixtures.cluster("ap-south-1", Backend.BACKEND_CILIUM,
                                Map.of("region", "ap", "tier", "prod")), WORLD),
                        "metadata.labels", "ActivePassive intent \"reports-export\" selects this cluster, but pool \"eu-public\" (198.51.100.0/27) is not routable here"),
                // ----------------------------------------------------------------- intents
                reject("intent without workloads", newIntent(i -> i.getSpecBuilder().clearWorkloads()),
                        "spec.workloads", "required; {} selects every pod in every namespace"),
                reject("intent pod selector with a bad value", newIntent(i -> i.getSpecBuilder().getWorkloadsBuilder().setPodSelector(labels("app", "settle/ment"))),
                        "spec.workloads.podSelector.matchLabels", "label value"),
                reject("intent namespace selector without operator", newIntent(i -> i.getSpecBuilder().getWorkloadsBuilder().setNamespaceSelector(expression("team", ""))),
                        "spec.workloads.namespaceSelector.matchExpressions[0].operator", "required; one of In, NotIn"),
                reject("intent without destinations", newIntent(i -> i.getSpecBuilder().getDestinationsBuilder().clearCidrs().clearExceptCidrs()),
                        "spec.destinations.cidrs", "at least one destination CIDR is required"),
                reject("intent destination with host bits", newIntent(i -> i.getSpecBuilder().getDestinationsBuilder().addCidrs("192.0.2.1/24")),
                        "spec.destinations.cidrs[1]", "host bits set; did you mean 192.0.2.0/24?"),
                reject("intent destination of the other family", newIntent(i -> i.getSpecBuilder().getDestinationsBuilder().addCidrs("2001:db8::/32")),
                        "spec.destinations.cidrs[1]", "IPv6 destination 2001:db8::/32, but pool \"eu-public\" is IPv4"),
                reject("intent destination listed twice", newIntent(i -> i.getSpecBuilder().getDestinationsBuilder().addCidrs("203.0.113.0/24")),
                        "spec.destinations.cidrs[1]", "duplicate of spec.destinations.cidrs[0]"),
                reject("intent except outside the destinations", newIntent(i -> i.getSpecBuilder().getDestinationsBuilder().setExceptCidrs(0, "198.18.0.0/15")),
                        "spec.destinations.exceptCidrs[0]", "198.18.0.0/15 is not inside any of spec.destinations.cidrs"),
                reject("intent port range on a kube-vip cluster", newUsIntent(s -> s.getDestinationsBuilder().setPorts(0, "8000-8080")),
                        "spec.destinations.ports[0]", "kube-vip's egress-destination-ports annotation takes single ports"),
                reject("intent port 0", newUsIntent(s -> s.getDestinationsBuilder().setPorts(0, "0")),
                        "spec.destinations.ports[0]", "\"0\" is not a port or port range"),
                reject("intent port above 65535", newUsIntent(s -> s.getDestinationsBuilder().setPorts(0, "65536")),
                        "spec.destinations.ports[0]", "with ports from 1 to 65535"),
                reject("intent port range reversed", newUsIntent(s -> s.getDestinationsBuilder().setPorts(1, "8080-8000")),
                        "spec.destinations.ports[1]", "port range \"8080-8000\" ends before it starts", 2),
                reject("intent port by service name", newUsIntent(s -> s.getDestinationsBuilder().setPorts(0, "https")),
                        "spec.destinations.ports[0]", "\"https\" is not a port or port range"),
                reject("intent ports in cilium clusters", newIntent(i -> i.getSpecBuilder().getDestinationsBuilder().addPorts("443")),
                        "spec.destinations.ports", "cannot be expressed in clusters \"eu-central-1\" (cilium), \"eu-west-1\" (cilium)"),
                reject("intent with an empty pod selector in a kube-vip cluster", newUsIntent(s -> s.getWorkloadsBuilder().clearPodSelector()),
                        "spec.workloads.podSelector", "cannot be expressed in cluster \"us-east-1\" (kube-vip): kube-vip SNATs a single pod per Service"),
                reject("intent without pool", newIntent(i -> i.getSpecBuilder().getEgressIpBuilder().clearPool()),
                        "spec.egressIP.pool", "required"),
                reject("intent naming an unknown pool", newIntent(i -> i.getSpecBuilder().getEgressIpBuilder().setPool("nope")),
                        "spec.egressIP.pool", "pool \"nope\" does not exist"),
                reject("intent pinning a non-address", newIntent(i -> i.getSpecBuilder().getEgressIpBuilder().setAddress("198.51.100.010")),
                        "spec.egressIP.address", "octet \"010\" has a leading zero"),
                reject("intent pinning an address outside its pool", newIntent(i -> i.getSpecBuilder().getEgressIpBuilder().setAddress("198.51.100.99")),
                        "spec.egressIP.address", "198.51.100.99 is outside pool \"eu-public\" (198.51.100.0/27)"),
                reject("intent pinning an excluded address", newIntent(i -> i.getSpecBuilder().getEgressIpBuilder().setAddress("198.51.100.0")),
                        "spec.egressIP.address", "excluded from pool \"eu-public\" by its spec.exclude[0] (198.51.100.0/32)"),
                reject("intent pinning an address of the other family", newIntent(i -> i.getSpecBuilder().getEgressIpBuilder().setAddress("2001:db8:100::5")),
                        "spec.egressIP.address", "IPv6 address 2001:db8:100::5 in IPv4 pool \"eu-public\""),
                reject("intent pinning an allocated address", newIntent(i -> i.getSpecBuilder().getEgressIpBuilder().setAddress("198.51.100.1")),
                        "spec.egressIP.address", "198.51.100.1 is already allocated to intent \"payments-bank-api\""),
                reject("intent pinning an address pinned by another intent", newIntent(i -> i.getSpecBuilder().getEgressIpBuilder().setAddress("198.51.100.20")),
                        "spec.egressIP.address", "198.51.100.20 is already pinned by intent \"pinned-pending\""),
                reject("intent pinning an address with PerCluster", newUsIntent(s -> s.getEgressIpBuilder().setAddress("192.0.2.5")),
                        "spec.egressIP.address", "a pinned address needs placement mode ActivePassive"),
                reject("intent without placement mode", newIntent(i -> i.getSpecBuilder().getPlacementBuilder().setMode(PlacementMode.PLACEMENT_MODE_UNSPECIFIED)),
                        "spec.placement.mode", "required; one of PerCluster, ActivePassive"),
                reject("intent placement selector with a bad key", newIntent(i -> i.getSpecBuilder().getPlacementBuilder().setClusterSelector(labels("region/", "eu"))),
                        "spec.placement.clusterSelector.matchLabels", "key \"region/\" has an empty name part"),
                reject("intent preference with PerCluster", newUsIntent(s -> s.getPlacementBuilder().addPreference("us-east-1")),
                        "spec.placement.preference", "only used with mode ActivePassive"),
                reject("intent failback with PerCluster", newUsIntent(s -> s.getPlacementBuilder().setFailback(Failback.FAILBACK_MANUAL)),
                        "spec.placement.failback", "only used with mode ActivePassive"),
                reject("intent preferring an unknown cluster", newIntent(i -> i.getSpecBuilder().getPlacementBuilder().setPreference(0, "nope")),
                        "spec.placement.preference[0]", "cluster \"nope\" does not exist"),
                reject("intent preferring a cluster twice", newIntent(i -> i.getSpecBuilder().getPlacementBuilder().setPreference(1, "eu-west-1")),
                        "spec.placement.preference[1]", "duplicate of spec.placement.preference[0]"),
                reject("intent preferring a cluster its selector does not select", newIntent(i -> i.getSpecBuilder().getPlacementBuilder().addPreference("us-east-1")),
                        "spec.placement.preference[2]", "cluster \"us-east-1\" is not selected by spec.placement.clusterSelector (region=eu)"),
                reject("ActivePassive over a cluster where the pool is not routable", newIntent(i -> i.getSpecBuilder().getPlacementBuilder()
                                .clearPreference().setClusterSelector(expression("region", "In", "eu", "us"))),
                        "spec.placement.clusterSelector", "pool \"eu-public\" is not routable in cluster \"us-east-1\" (pool clusterSelector: region=eu)"),
                reject("ActivePassive preferring a cluster where the pool is not routable", newIntent(i -> i.getSpecBuilder().getPlacementBuilder()
                                .setClusterSelector(labels()).setPreference(0, "us-east-1")),
                        "spec.placement.preference[0]", "pool \"eu-public\" is not routable in cluster \"us-east-1\""),
                // --------------------------------------------------------------- deletions
                reject("deleting a pool still in use", () -> VALIDATOR.validatePoolDeletion("us-public", WORLD),
                        "", "intent \"us-billing\" still uses this pool (allocated: 192.0.2.1)"),
                reject("deleting a cluster named in a preference", () -> VALIDATOR.validateClusterDeletion("eu-central-1", WORLD),
                        "", "intent \"payments-bank-api\" names this cluster in spec.placement.preference", 3));
    }

    private static World worldWith(EgressIntent extra) {
        List<EgressIntent> intents = new ArrayList<>(WORLD.intents().values());
        intents.add(extra);
        return World.of(WORLD.pools().values(), WORLD.clusters().values(), intents, WORLD.allocations());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void refusesWithTheFieldPathAndTheReason(
            String description, ThrowingCallable validation, String field, String reason, int count) {
        World before = Fixtures.world();

        assertThatThrownBy(validation).isInstanceOfSatisfying(ValidationException.class, refused -> {
            assertThat(refused.errors()).as("errors of: %s", description).hasSize(count)
                    .allSatisfy(error -> assertThat(error.field()).isEqualTo(field));
            assertThat(refused.errors().get(0).reason()).contains(reason);
        });
        assertThat(WORLD).isEqualTo(before);
    }
}
