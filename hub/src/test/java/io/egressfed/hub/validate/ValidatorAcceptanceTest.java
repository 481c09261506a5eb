package io.egressfed.hub.validate;

import static io.egressfed.hub.validate.Fixtures.allocation;
import static io.egressfed.hub.validate.Fixtures.labels;
import static io.egressfed.hub.validate.Fixtures.meta;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.egressfed.api.v1alpha1.Backend;
import io.egressfed.api.v1alpha1.EgressIPPool;
import io.egressfed.api.v1alpha1.EgressIntent;
import io.egressfed.api.v1alpha1.MemberCluster;
import io.egressfed.api.v1alpha1.PlacementMode;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Valid resources, starting with the examples of DESIGN.md, go through untouched. */
class ValidatorAcceptanceTest {
    private static final Validator VALIDATOR = Validator.create();
    private static final World WORLD = Fixtures.world();

    static Stream<EgressIPPool> storedPools() {
        return WORLD.pools().values().stream();
    }

    static Stream<MemberCluster> storedClusters() {
        return WORLD.clusters().values().stream();
    }

    static Stream<EgressIntent> storedIntents() {
        return WORLD.intents().values().stream();
    }

    @ParameterizedTest(name = "pool {0}")
    @MethodSource("storedPools")
    void acceptsEveryStoredPoolReappliedUnchanged(EgressIPPool pool) {
        assertThatCode(() -> VALIDATOR.validatePool(pool, WORLD)).doesNotThrowAnyException();
    }

    @ParameterizedTest(name = "cluster {0}")
    @MethodSource("storedClusters")
    void acceptsEveryStoredClusterReappliedUnchanged(MemberCluster cluster) {
        assertThatCode(() -> VALIDATOR.validateCluster(cluster, WORLD)).doesNotThrowAnyException();
    }

    @ParameterizedTest(name = "intent {0}")
    @MethodSource("storedIntents")
    void acceptsEveryStoredIntentReappliedUnchanged(EgressIntent intent) {
        assertThatCode(() -> VALIDATOR.validateIntent(intent, WORLD)).doesNotThrowAnyException();
    }

    @Test
    void acceptsTheDesignExamplesIntoAnEmptyWorldInDependencyOrder() {
        World pools = World.of(List.of(Fixtures.euPublic()), List.of(), List.of(), List.of());
        World clusters = World.of(List.of(Fixtures.euPublic()), List.of(Fixtures.euWest1(), Fixtures.euCentral1()), List.of(), List.of());

        assertThatCode(() -> VALIDATOR.validatePool(Fixtures.euPublic(), World.empty())).doesNotThrowAnyException();
        assertThatCode(() -> VALIDATOR.validateCluster(Fixtures.euWest1(), pools)).doesNotThrowAnyException();
        assertThatCode(() -> VALIDATOR.validateIntent(Fixtures.paymentsBankApi(), clusters)).doesNotThrowAnyException();
    }

    @Test
    void acceptsAnIpv6PoolAndAnIntentToEveryIpv6Destination() {
        EgressIntent.Builder intent = Fixtures.paymentsBankApi().toBuilder().setMetadata(meta("v6-everywhere"));
        intent.getSpecBuilder().getDestinationsBuilder().clearCidrs().clearExceptCidrs().addCidrs("::/0").addExceptCidrs("fd00::/8");
        intent.getSpecBuilder().getEgressIpBuilder().setPool("v6-public").setAddress("2001:DB8:100::0:5");

        assertThatCode(() -> VALIDATOR.validateIntent(intent.build(), WORLD)).doesNotThrowAnyException();
    }

    @Test
    void acceptsAPoolThatGrowsAroundItsAllocations() {
        EgressIPPool.Builder grown = Fixtures.euPublic().toBuilder();
        grown.getSpecBuilder().setCidrs(0, "198.51.100.0/26").addExclude("198.51.100.63");

        assertThatCode(() -> VALIDATOR.validatePool(grown.build(), WORLD)).doesNotThrowAnyException();
    }

    @Test
    void acceptsANewPoolBesideTheOthersWithBareAddressExcludes() {
        EgressIPPool.Builder pool = Fixtures.pool("eu-extra", "198.51.100.64/27", "198.51.100.128/26").toBuilder();
        pool.getSpecBuilder().addExclude("198.51.100.64").addExclude("198.51.100.160/27");

        assertThatCode(() -> VALIDATOR.validatePool(pool.build(), WORLD)).doesNotThrowAnyException();
    }

    @Test
    void acceptsAnIntentKeepingItsOwnAllocatedPinnedAddress() {
        EgressIntent.Builder updated = Fixtures.pinnedIntent().toBuilder();
        updated.getSpecBuilder().getDestinationsBuilder().addCidrs("192.0.2.0/24");

        assertThatCode(() -> VALIDATOR.validateIntent(updated.build(), WORLD)).doesNotThrowAnyException();
    }

    @Test
    void acceptsPortsWhereOnlyKubeVipClustersAreSelected() {
        EgressIntent.Builder intent = Fixtures.usBilling().toBuilder().setMetadata(meta("us-orders"));
        intent.getSpecBuilder().getDestinationsBuilder().addPorts("1").addPorts("65535");

        assertThatCode(() -> VALIDATOR.validateIntent(intent.build(), WORLD)).doesNotThrowAnyException();
    }

    @Test
    void acceptsAPerClusterIntentWithAnEmptyWorkloadSelectorInCiliumClusters() {
        EgressIntent.Builder intent = Fixtures.paymentsBankApi().toBuilder().setMetadata(meta("all-eu-pods"));
        intent.getSpecBuilder().getWorkloadsBuilder().clear();
        intent.getSpecBuilder().getPlacementBuilder().clearPreference().clearFailback()
                .setMode(PlacementMode.PLACEMENT_MODE_PER_CLUSTER);

        assertThatCode(() -> VALIDATOR.validateIntent(intent.build(), WORLD)).doesNotThrowAnyException();
    }

    @Test
    void acceptsANewClusterOfEachBackend() {
        MemberCluster kubeVip = Fixtures.cluster("us-west-2", Backend.BACKEND_KUBE_VIP, Map.of("region", "us"));
        MemberCluster ciliumVip = Fixtures.cluster("eu-south-1", Backend.BACKEND_CILIUM_VIP, Map.of("region", "eu", "tier", "prod"));

        assertThatCode(() -> VALIDATOR.validateCluster(kubeVip, WORLD)).doesNotThrowAnyException();
        assertThatCode(() -> VALIDATOR.validateCluster(ciliumVip, WORLD)).doesNotThrowAnyException();
    }

    @Test
    void acceptsDeletingWhatNothingUses() {
        World withUnusedPool = World.of(
                List.of(Fixtures.euPublic(), Fixtures.v6Public()), List.of(Fixtures.usEast1()), List.of(),
                List.of(allocation("2001:db8:100::9", "other-pool", "gone", "")));

        assertThatCode(() -> VALIDATOR.validatePoolDeletion("v6-public", withUnusedPool)).doesNotThrowAnyException();
        assertThatCode(() -> VALIDATOR.validateClusterDeletion("us-east-1", WORLD)).doesNotThrowAnyException();
    }

    @Test
    void acceptsAnEmptySelectorForPoolsAsEveryCluster() {
        EgressIPPool.Builder everywhere = Fixtures.euPublic().toBuilder();
        everywhere.getSpecBuilder().setClusterSelector(labels());

        assertThatCode(() -> VALIDATOR.validatePool(everywhere.build(), WORLD)).doesNotThrowAnyException();
    }
}
