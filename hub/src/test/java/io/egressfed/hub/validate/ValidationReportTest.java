package io.egressfed.hub.validate;

import static io.egressfed.hub.validate.Fixtures.expression;
import static io.egressfed.hub.validate.Fixtures.meta;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.egressfed.api.v1alpha1.Allocation;
import io.egressfed.api.v1alpha1.EgressIntent;
import io.egressfed.api.v1alpha1.EgressIPPool;
import io.egressfed.api.v1alpha1.Failback;
import io.egressfed.api.v1alpha1.PlacementMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

/** The validator reports all errors of an object at once, in a message a user can act on. */
class ValidationReportTest {
    private static final Validator VALIDATOR = Validator.create();

    @Test
    void collectsEveryErrorOfAnIntentInFieldOrder() {
        EgressIntent.Builder intent = Fixtures.paymentsBankApi().toBuilder().setMetadata(meta("x"));
        intent.getSpecBuilder().getWorkloadsBuilder().setPodSelector(expression("app", "Equals", "a"));
        intent.getSpecBuilder().getDestinationsBuilder().setCidrs(0, "203.0.113.0/33");
        intent.getSpecBuilder().getPlacementBuilder().setPreference(0, "nope").setPreference(1, "nope");

        assertThatThrownBy(() -> VALIDATOR.validateIntent(intent.build(), Fixtures.world()))
                .isInstanceOf(ValidationException.class)
                .hasMessage("EgressIntent \"x\" is invalid: "
                        + "spec.workloads.podSelector.matchExpressions[0].operator: unknown operator \"Equals\";"
                        + " one of In, NotIn, Exists, DoesNotExist; "
                        + "spec.destinations.cidrs[0]: \"203.0.113.0/33\" is not a valid CIDR: prefix length 33 is above 32 for IPv4; "
                        + "spec.placement.preference[0]: cluster \"nope\" does not exist; "
                        + "spec.placement.preference[1]: duplicate of spec.placement.preference[0]")
                .asInstanceOf(InstanceOfAssertFactories.type(ValidationException.class))
                .satisfies(refused -> {
                    assertThat(refused.kind()).isEqualTo("EgressIntent");
                    assertThat(refused.name()).isEqualTo("x");
                    assertThat(refused.errors()).extracting(ValidationError::field).containsExactly(
                            "spec.workloads.podSelector.matchExpressions[0].operator",
                            "spec.destinations.cidrs[0]",
                            "spec.placement.preference[0]",
                            "spec.placement.preference[1]");
                });
    }

    @Test
    void reportsAnUnnamedObjectByItsKind() {
        EgressIPPool nameless = EgressIPPool.newBuilder().setSpec(Fixtures.v6Public().getSpec()).build();

        assertThatThrownBy(() -> VALIDATOR.validatePool(nameless, World.empty()))
                .hasMessage("EgressIPPool is invalid: metadata.name: required");
    }

    @Test
    void saysCannotBeDeletedForDeletions() {
        assertThatThrownBy(() -> VALIDATOR.validatePoolDeletion("eu-public", Fixtures.world()))
                .hasMessageStartingWith("EgressIPPool \"eu-public\" cannot be deleted: intent \"payments-bank-api\""
                        + " still uses this pool (allocated: 198.51.100.1); delete the intent or move it to another pool first; ");
    }

    @Test
    void quotesAtMostTenStrandedAddresses() {
        List<Allocation> allocations = new ArrayList<>();
        for (int host = 1; host <= 12; host++) {
            allocations.add(Fixtures.allocation("198.51.100." + host, "eu-public", "i" + host, "eu-west-1"));
        }
        World world = World.of(List.of(Fixtures.euPublic()), List.of(), List.of(), allocations);
        EgressIPPool.Builder shrunk = Fixtures.euPublic().toBuilder();
        shrunk.getSpecBuilder().setCidrs(0, "198.51.100.16/28").clearExclude();

        assertThatThrownBy(() -> VALIDATOR.validatePool(shrunk.build(), world))
                .hasMessageContaining("198.51.100.1 (allocated to intent \"i1\" in cluster \"eu-west-1\")")
                .hasMessageContaining("and 2 more; release them first")
                .hasMessageNotContaining("198.51.100.12 ");
    }

    @Test
    void defaultsFailbackToAutoForActivePassiveOnlyAndLeavesTheInputAlone() {
        EgressIntent.Builder unset = Fixtures.paymentsBankApi().toBuilder();
        unset.getSpecBuilder().getPlacementBuilder().clearFailback();
        EgressIntent activePassive = unset.build();
        EgressIntent perCluster = Fixtures.usBilling();
        EgressIntent manual = Fixtures.paymentsBankApi().toBuilder()
                .setSpec(Fixtures.paymentsBankApi().getSpec().toBuilder()
                        .setPlacement(Fixtures.paymentsBankApi().getSpec().getPlacement().toBuilder()
                                .setFailback(Failback.FAILBACK_MANUAL)))
                .build();

        assertThat(Defaults.apply(activePassive).getSpec().getPlacement().getFailback()).isEqualTo(Failback.FAILBACK_AUTO);
        assertThat(activePassive.getSpec().getPlacement().getFailback()).isEqualTo(Failback.FAILBACK_UNSPECIFIED);
        assertThat(Defaults.apply(perCluster)).isSameAs(perCluster);
        assertThat(Defaults.apply(manual)).isSameAs(manual);
        assertThat(Defaults.apply(perCluster).getSpec().getPlacement().getMode()).isEqualTo(PlacementMode.PLACEMENT_MODE_PER_CLUSTER);
    }

    @Test
    void worldIsASnapshotThatNobodyCanChange() {
        Map<String, EgressIPPool> pools = new HashMap<>(Map.of("eu-public", Fixtures.euPublic()));
        World world = new World(pools, Map.of(), Map.of(), new ArrayList<>());

        pools.put("v6-public", Fixtures.v6Public());

        assertThat(world.pools()).containsOnlyKeys("eu-public");
        assertThatThrownBy(() -> world.pools().put("x", Fixtures.v6Public())).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> world.allocations().add(Fixtures.allocation("198.51.100.3", "eu-public", "i", "")))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> World.of(List.of(Fixtures.euPublic(), Fixtures.euPublic()), List.of(), List.of(), List.of()))
                .hasMessageContaining("two objects are named \"eu-public\"");
    }

    @Test
    void iteratesTheWorldInNameOrder() {
        World world = World.of(List.of(Fixtures.v6Public(), Fixtures.usPublic(), Fixtures.euPublic()), List.of(), List.of(), List.of());

        assertThat(world.pools().keySet()).containsExactly("eu-public", "us-public", "v6-public");
    }
}
