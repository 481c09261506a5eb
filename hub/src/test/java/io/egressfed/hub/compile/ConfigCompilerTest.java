package io.egressfed.hub.compile;

import static io.egressfed.hub.compile.Fixtures.activePassive;
import static io.egressfed.hub.compile.Fixtures.alloc;
import static io.egressfed.hub.compile.Fixtures.cluster;
import static io.egressfed.hub.compile.Fixtures.decision;
import static io.egressfed.hub.compile.Fixtures.inventory;
import static io.egressfed.hub.compile.Fixtures.perCluster;
import static io.egressfed.hub.compile.Fixtures.pool;
import static io.egressfed.hub.compile.Fixtures.shared;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import io.egressfed.api.v1alpha1.AssignmentRole;
import io.egressfed.api.v1alpha1.Backend;
import io.egressfed.api.v1alpha1.ClusterConfig;
import io.egressfed.api.v1alpha1.ConfigAssignment;
import io.egressfed.api.v1alpha1.Destinations;
import io.egressfed.api.v1alpha1.EgressIntent;
import io.egressfed.api.v1alpha1.LabelSelector;
import io.egressfed.api.v1alpha1.LabelSelectorRequirement;
import io.egressfed.api.v1alpha1.PlacementMode;
import io.egressfed.hub.compile.CompileWarning.Kind;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigCompilerTest {

    private final ConfigCompiler compiler = new ConfigCompiler();

    private static CompileInput.Builder twoClusters() {
        return CompileInput.builder()
                .clusters(List.of(cluster("eu-west-1"), cluster("eu-central-1", Backend.BACKEND_CILIUM_VIP)))
                .pools(List.of(pool(Fixtures.POOL)));
    }

    private static ConfigAssignment only(ClusterConfig config) {
        assertThat(config.getAssignmentsList()).hasSize(1);
        return config.getAssignments(0);
    }

    @Test
    void everyMemberClusterGetsAContentOnlyConfigEvenWithoutAssignments() {
        CompileResult result = compiler.compile(twoClusters().build());

        assertThat(result.configs()).containsOnlyKeys("eu-central-1", "eu-west-1");
        ClusterConfig west = result.configs().get("eu-west-1");
        assertThat(west.getCluster()).isEqualTo("eu-west-1");
        assertThat(west.getBackend()).isEqualTo(Backend.BACKEND_KUBE_VIP);
        assertThat(west.getGateway()).isEqualTo(cluster("eu-west-1").getSpec().getGateway());
        assertThat(west.getAssignmentsList()).isEmpty();
        assertThat(west.getVersion()).isZero();
        assertThat(west.hasIssuedAt()).isFalse();
        assertThat(west.hasExpiresAt()).isFalse();
        assertThat(result.configs().get("eu-central-1").getBackend()).isEqualTo(Backend.BACKEND_CILIUM_VIP);
        assertThat(result.warnings()).isEmpty();
    }

    @Test
    void perClusterAllocationsBecomeOneActiveAssignmentInTheirOwnCluster() {
        EgressIntent intent = perCluster("payments");
        CompileResult result = compiler.compile(twoClusters()
                .intents(List.of(intent))
                .allocations(List.of(
                        alloc("198.51.100.10", "payments", "eu-west-1"),
                        alloc("198.51.100.11", "payments", "eu-central-1")))
                .build());

        ConfigAssignment west = only(result.configs().get("eu-west-1"));
        assertThat(west.getIntent()).isEqualTo("payments");
        assertThat(west.getEgressIp()).isEqualTo("198.51.100.10");
        assertThat(west.getRole()).isEqualTo(AssignmentRole.ASSIGNMENT_ROLE_ACTIVE);
        assertThat(west.getMode()).isEqualTo(PlacementMode.PLACEMENT_MODE_PER_CLUSTER);
        assertThat(west.getWorkloads()).isEqualTo(intent.getSpec().getWorkloads());
        assertThat(west.getDestinationCidrsList()).containsExactly("203.0.113.0/24");
        assertThat(west.getExceptCidrsList()).containsExactly("203.0.113.128/25");
        assertThat(west.getDestinationPortsList()).containsExactly("443");
        assertThat(west.hasLeaseDuration()).isFalse();
        assertThat(west.getEpoch()).isZero();
        assertThat(only(result.configs().get("eu-central-1")).getEgressIp()).isEqualTo("198.51.100.11");
    }

    @Test
    void activePassiveIsActiveWhereDecidedFencedWhereDecidedAndAbsentOnStandby() {
        CompileResult result = compiler.compile(twoClusters()
                .clusters(List.of(cluster("a"), cluster("b"), cluster("standby")))
                .intents(List.of(activePassive("bank")))
                .allocations(List.of(shared("198.51.100.20", "bank")))
                .placements(List.of(decision("bank", 7, List.of("a"), List.of("b"))))
                .build());

        ConfigAssignment active = only(result.configs().get("a"));
        assertThat(active.getRole()).isEqualTo(AssignmentRole.ASSIGNMENT_ROLE_ACTIVE);
        assertThat(active.getEgressIp()).isEqualTo("198.51.100.20");
        assertThat(active.getMode()).isEqualTo(PlacementMode.PLACEMENT_MODE_ACTIVE_PASSIVE);
        assertThat(active.getEpoch()).isEqualTo(7);
        assertThat(active.getLeaseDuration().getSeconds()).isEqualTo(5);
        ConfigAssignment fenced = only(result.configs().get("b"));
        assertThat(fenced.getRole()).isEqualTo(AssignmentRole.ASSIGNMENT_ROLE_FENCED);
        assertThat(fenced.getEpoch()).isEqualTo(7);
        assertThat(fenced.getLeaseDuration().getSeconds()).isEqualTo(5);
        assertThat(result.configs().get("standby").getAssignmentsList()).isEmpty();
        assertThat(result.warnings()).isEmpty();
    }

    @Test
    void leaseDurationComesFromTheOptions() {
        CompileResult result = compiler.compile(twoClusters()
                .intents(List.of(activePassive("bank")))
                .allocations(List.of(shared("198.51.100.20", "bank")))
                .placements(List.of(decision("bank", 1, List.of("eu-west-1"), List.of())))
                .options(new CompileOptions(Duration.ofMillis(2500)))
                .build());

        ConfigAssignment active = only(result.configs().get("eu-west-1"));
        assertThat(active.getLeaseDuration().getSeconds()).isEqualTo(2);
        assertThat(active.getLeaseDuration().getNanos()).isEqualTo(500_000_000);
    }

    @Test
    void optionsRefuseANonPositiveLease() {
        assertThatThrownBy(() -> new CompileOptions(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("leaseDuration");
    }

    @Test
    void activePassiveWithoutDecisionIsAssignedNowhere() {
        CompileResult result = compiler.compile(twoClusters()
                .intents(List.of(activePassive("bank")))
                .allocations(List.of(shared("198.51.100.20", "bank")))
                .build());

        assertThat(result.configs().values()).allSatisfy(config -> assertThat(config.getAssignmentsList()).isEmpty());
        assertThat(result.warnings()).isEmpty();
    }

    @Test
    void aClusterBothActiveAndFencedIsFenced() {
        CompileResult result = compiler.compile(twoClusters()
                .intents(List.of(activePassive("bank")))
                .allocations(List.of(shared("198.51.100.20", "bank")))
                .placements(List.of(decision("bank", 3, List.of("eu-west-1"), List.of("eu-west-1"))))
                .build());

        assertThat(only(result.configs().get("eu-west-1")).getRole()).isEqualTo(AssignmentRole.ASSIGNMENT_ROLE_FENCED);
        assertThat(result.warnings(Kind.CONFLICTING_PLACEMENT)).singleElement()
                .satisfies(warning -> assertThat(warning.subject()).isEqualTo("placement/bank"));
    }

    @Test
    void referencesToMissingClustersAndIntentsAreSkippedWithWarnings() {
        CompileResult result = compiler.compile(twoClusters()
                .intents(List.of(perCluster("payments"), activePassive("bank")))
                .allocations(List.of(
                        alloc("198.51.100.10", "payments", "eu-west-1"),
                        alloc("198.51.100.11", "payments", "gone-cluster"),
                        alloc("198.51.100.12", "gone-intent", "eu-west-1"),
                        shared("198.51.100.20", "bank")))
                .placements(List.of(
                        decision("bank", 2, List.of("gone-active"), List.of("eu-central-1", "gone-fenced")),
                        decision("gone-intent", 1, List.of("eu-west-1"), List.of())))
                .build());

        assertThat(only(result.configs().get("eu-west-1")).getEgressIp()).isEqualTo("198.51.100.10");
        assertThat(only(result.configs().get("eu-central-1")).getRole())
                .isEqualTo(AssignmentRole.ASSIGNMENT_ROLE_FENCED);
        assertThat(result.warnings(Kind.UNKNOWN_CLUSTER)).extracting(CompileWarning::subject, CompileWarning::message)
                .containsExactly(
                        tuple("alloc/198.51.100.11",
                                "cluster: 'gone-cluster' is not a member cluster; skipped"),
                        tuple("placement/bank",
                                "active_clusters: 'gone-active' is not a member cluster; skipped"),
                        tuple("placement/bank",
                                "fenced_clusters: 'gone-fenced' is not a member cluster; skipped"));
        assertThat(result.warnings(Kind.UNKNOWN_INTENT)).extracting(CompileWarning::subject)
                .containsExactly("alloc/198.51.100.12", "placement/gone-intent");
    }

    @Test
    void anIpClaimedTwiceIsAssignedNowhereEvenWhenSpelledDifferently() {
        CompileResult result = compiler.compile(twoClusters()
                .intents(List.of(perCluster("payments"), perCluster("billing")))
                .allocations(List.of(
                        alloc("2001:db8::a", "payments", "eu-west-1"),
                        alloc("2001:DB8:0::A", "billing", "eu-central-1"),
                        alloc("198.51.100.30", "billing", "eu-central-1")))
                .build());

        assertThat(result.configs().get("eu-west-1").getAssignmentsList()).isEmpty();
        assertThat(only(result.configs().get("eu-central-1")).getEgressIp()).isEqualTo("198.51.100.30");
        assertThat(result.warnings(Kind.CONFLICTING_ALLOCATION)).singleElement()
                .satisfies(warning -> assertThat(warning.subject()).isEqualTo("alloc/2001:db8::a"));
    }

    @Test
    void identicalCopiesOfOneAllocationAreOneClaimAndIpsAreCanonical() {
        CompileResult result = compiler.compile(twoClusters()
                .intents(List.of(perCluster("payments")))
                .allocations(List.of(
                        alloc("2001:DB8::B", "payments", "eu-west-1"),
                        alloc("2001:db8::b", "payments", "eu-west-1")))
                .build());

        assertThat(only(result.configs().get("eu-west-1")).getEgressIp()).isEqualTo("2001:db8::b");
        assertThat(result.warnings()).isEmpty();
    }

    @Test
    void anActivePassiveIntentWithSeveralIpsIsNotCompiled() {
        CompileResult result = compiler.compile(twoClusters()
                .intents(List.of(activePassive("bank")))
                .allocations(List.of(shared("198.51.100.20", "bank"), shared("198.51.100.21", "bank")))
                .placements(List.of(decision("bank", 1, List.of("eu-west-1"), List.of())))
                .build());

        assertThat(result.configs().get("eu-west-1").getAssignmentsList()).isEmpty();
        assertThat(result.warnings(Kind.CONFLICTING_ALLOCATION)).extracting(CompileWarning::subject)
                .containsExactly("intents/bank");
    }

    @Test
    void severalDecisionsForOneIntentAreNotCompiled() {
        CompileResult result = compiler.compile(twoClusters()
                .intents(List.of(activePassive("bank")))
                .allocations(List.of(shared("198.51.100.20", "bank")))
                .placements(List.of(
                        decision("bank", 1, List.of("eu-west-1"), List.of()),
                        decision("bank", 2, List.of("eu-central-1"), List.of())))
                .build());

        assertThat(result.configs().values()).allSatisfy(config -> assertThat(config.getAssignmentsList()).isEmpty());
        assertThat(result.warnings(Kind.CONFLICTING_PLACEMENT)).singleElement()
                .satisfies(warning -> assertThat(warning.message()).contains("epochs [1, 2]"));
    }

    @Test
    void allocationsAndDecisionsThatDoNotFitTheModeAreSkipped() {
        CompileResult result = compiler.compile(twoClusters()
                .intents(List.of(perCluster("payments"), activePassive("bank")))
                .allocations(List.of(
                        shared("198.51.100.10", "payments"),
                        alloc("198.51.100.20", "bank", "eu-west-1")))
                .placements(List.of(decision("payments", 1, List.of("eu-west-1"), List.of())))
                .build());

        assertThat(result.configs().values()).allSatisfy(config -> assertThat(config.getAssignmentsList()).isEmpty());
        assertThat(result.warnings(Kind.MODE_MISMATCH)).extracting(CompileWarning::subject)
                .containsExactly("alloc/198.51.100.10", "alloc/198.51.100.20", "placement/payments");
    }

    @Test
    void anIntentWithoutModeIsNotCompiled() {
        CompileResult result = compiler.compile(twoClusters()
                .intents(List.of(Fixtures.intent("odd", PlacementMode.PLACEMENT_MODE_UNSPECIFIED)))
                .allocations(List.of(alloc("198.51.100.10", "odd", "eu-west-1")))
                .build());

        assertThat(result.configs().get("eu-west-1").getAssignmentsList()).isEmpty();
        assertThat(result.warnings(Kind.UNSPECIFIED_MODE)).extracting(CompileWarning::subject)
                .containsExactly("intents/odd");
    }

    @Test
    void malformedAllocationsAreSkipped() {
        CompileResult result = compiler.compile(twoClusters()
                .intents(List.of(perCluster("payments")))
                .allocations(List.of(alloc("not-an-ip", "payments", "eu-west-1"), alloc("198.51.100.9", "", "eu-west-1"),
                        alloc("198.51.100.10/32", "payments", "eu-west-1")))
                .build());

        assertThat(result.configs().get("eu-west-1").getAssignmentsList()).isEmpty();
        assertThat(result.warnings(Kind.INVALID)).hasSize(3);
    }

    @Test
    void anAllocationFromAMissingPoolIsCompiledWithAWarning() {
        CompileResult result = compiler.compile(twoClusters()
                .pools(List.of())
                .intents(List.of(perCluster("payments")))
                .allocations(List.of(alloc("198.51.100.10", "payments", "eu-west-1")))
                .build());

        assertThat(only(result.configs().get("eu-west-1")).getEgressIp()).isEqualTo("198.51.100.10");
        assertThat(result.warnings(Kind.UNKNOWN_POOL)).singleElement()
                .satisfies(warning -> assertThat(warning.message()).contains("'eu-public'"));
    }

    @Test
    void ciliumActiveIpsMissingFromTheGatewayInventoryAreFlagged() {
        CompileResult result = compiler.compile(CompileInput.builder()
                .clusters(List.of(cluster("cil", Backend.BACKEND_CILIUM), cluster("vip", Backend.BACKEND_KUBE_VIP)))
                .pools(List.of(pool(Fixtures.POOL)))
                .intents(List.of(perCluster("payments")))
                .allocations(List.of(
                        alloc("198.51.100.10", "payments", "cil"),
                        alloc("198.51.100.11", "payments", "cil"),
                        alloc("198.51.100.12", "payments", "vip")))
                .inventories(List.of(inventory("cil", "node-1", "198.51.100.10")))
                .build());

        assertThat(result.configs().get("cil").getAssignmentsList()).hasSize(2);
        assertThat(result.warnings(Kind.EGRESS_IP_NOT_ON_GATEWAY)).extracting(CompileWarning::subject)
                .containsExactly("alloc/198.51.100.11");
    }

    @Test
    void assignmentsAreSortedByIntentThenIpAndSetsAreSortedAndDeduplicated() {
        EgressIntent messy = perCluster("a-intent").toBuilder()
                .setSpec(perCluster("a-intent").getSpec().toBuilder()
                        .setDestinations(Destinations.newBuilder()
                                .addCidrs("203.0.113.0/24").addCidrs("192.0.2.0/24").addCidrs("203.0.113.0/24")
                                .addExceptCidrs("203.0.113.9/32").addExceptCidrs("192.0.2.1/32")
                                .addPorts("8443").addPorts("443"))
                        .setWorkloads(perCluster("a-intent").getSpec().getWorkloads().toBuilder()
                                .setPodSelector(LabelSelector.newBuilder()
                                        .addMatchExpressions(requirement("tier", "In", "web", "api", "web"))
                                        .addMatchExpressions(requirement("app", "Exists")))))
                .build();
        CompileResult result = compiler.compile(twoClusters()
                .intents(List.of(perCluster("b-intent"), messy))
                .allocations(List.of(
                        alloc("198.51.100.3", "b-intent", "eu-west-1"),
                        alloc("198.51.100.2", "a-intent", "eu-west-1"),
                        alloc("198.51.100.1", "b-intent", "eu-west-1")))
                .build());

        List<ConfigAssignment> assignments = result.configs().get("eu-west-1").getAssignmentsList();
        assertThat(assignments).extracting(ConfigAssignment::getIntent, ConfigAssignment::getEgressIp)
                .containsExactly(
                        tuple("a-intent", "198.51.100.2"),
                        tuple("b-intent", "198.51.100.1"),
                        tuple("b-intent", "198.51.100.3"));
        ConfigAssignment first = assignments.get(0);
        assertThat(first.getDestinationCidrsList()).containsExactly("192.0.2.0/24", "203.0.113.0/24");
        assertThat(first.getExceptCidrsList()).containsExactly("192.0.2.1/32", "203.0.113.9/32");
        assertThat(first.getDestinationPortsList()).containsExactly("443", "8443");
        assertThat(first.getWorkloads().getPodSelector().getMatchExpressionsList()).containsExactly(
                requirement("app", "Exists"), requirement("tier", "In", "api", "web"));
    }

    @Test
    void anIntentWithoutWorkloadsStaysWithoutRatherThanSelectingEveryPod() {
        EgressIntent bare = perCluster("bare").toBuilder()
                .setSpec(perCluster("bare").getSpec().toBuilder().clearWorkloads())
                .build();
        CompileResult result = compiler.compile(twoClusters()
                .intents(List.of(bare))
                .allocations(List.of(alloc("198.51.100.10", "bare", "eu-west-1")))
                .build());

        assertThat(only(result.configs().get("eu-west-1")).hasWorkloads()).isFalse();
    }

    @Test
    void duplicateOrEmptyNamesAreRefusedWithTheListIndex() {
        assertThatThrownBy(() -> compiler.compile(CompileInput.builder()
                .clusters(List.of(cluster("a"), cluster("b"), cluster("a")))
                .build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("clusters[2].metadata.name: 'a' is also the name of clusters[0]; names must be unique");
        assertThatThrownBy(() -> compiler.compile(CompileInput.builder()
                .intents(List.of(perCluster("x"), EgressIntent.getDefaultInstance()))
                .build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("intents[1].metadata.name: must not be empty");
    }

    @Test
    void theResultIsImmutable() {
        CompileResult result = compiler.compile(twoClusters().build());

        assertThatThrownBy(() -> result.configs().remove("eu-west-1")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> result.warnings().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    private static LabelSelectorRequirement requirement(String key, String operator, String... values) {
        return LabelSelectorRequirement.newBuilder().setKey(key).setOperator(operator).addAllValues(List.of(values))
                .build();
    }
}
