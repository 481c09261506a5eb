package io.egressfed.hub.ipam;

import static io.egressfed.hub.state.Resources.activePassive;
import static io.egressfed.hub.state.Resources.cluster;
import static io.egressfed.hub.state.Resources.inventory;
import static io.egressfed.hub.state.Resources.labels;
import static io.egressfed.hub.state.Resources.perCluster;
import static io.egressfed.hub.state.Resources.pinned;
import static io.egressfed.hub.state.Resources.pool;
import static io.egressfed.hub.state.TestHub.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.egressfed.api.v1alpha1.Allocation;
import io.egressfed.api.v1alpha1.AssignmentRole;
import io.egressfed.api.v1alpha1.AssignmentStatus;
import io.egressfed.api.v1alpha1.Backend;
import io.egressfed.api.v1alpha1.Condition;
import io.egressfed.api.v1alpha1.EgressIntent;
import io.egressfed.hub.ipam.AllocationProblem.Reason;
import io.egressfed.hub.state.ResourceKind;
import io.egressfed.hub.state.TestClock;
import io.egressfed.hub.state.TestHub;
import io.egressfed.hub.store.Codec;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Which address an intent gets: lowest first, routability, inventories, pins, exhaustion. */
class AllocatorRulesTest {

    private static final Instant START = Instant.parse("2030-01-01T00:00:00Z");

    private final TestClock clock = new TestClock(START);
    private final TestHub hub = TestHub.inMemory(clock);

    @AfterEach
    void close() {
        hub.close();
    }

    @Test
    void handsOutTheLowestFreeAddressFirst() {
        hub.create(ResourceKind.POOL, pool("eu-public", "198.51.100.0/29", "198.51.100.0"));
        hub.create(ResourceKind.CLUSTER, cluster("eu-west-1", Backend.BACKEND_KUBE_VIP, "region", "eu"));
        for (String name : new String[] {"a", "b", "c"}) {
            hub.create(ResourceKind.INTENT, activePassive(name, "eu-public", labels("region", "eu")));
        }

        assertThat(ip(hub.reconcile("b"))).isEqualTo("198.51.100.1");
        assertThat(ip(hub.reconcile("a"))).isEqualTo("198.51.100.2");
        assertThat(ip(hub.reconcile("c"))).isEqualTo("198.51.100.3");
        hub.delete(ResourceKind.INTENT, "a");
        hub.create(ResourceKind.INTENT, activePassive("d", "eu-public", labels("region", "eu")));
        assertThat(ip(hub.reconcile("d"))).as("the freed address is the lowest again").isEqualTo("198.51.100.2");
    }

    @Test
    void perClusterGetsOneAddressInEachSelectedClusterWhereThePoolIsRoutable() {
        hub.create(ResourceKind.POOL, pool("eu-public", labels("region", "eu"), "198.51.100.0/28"));
        hub.create(ResourceKind.CLUSTER, cluster("eu-west-1", Backend.BACKEND_KUBE_VIP, "region", "eu", "tier", "prod"));
        hub.create(ResourceKind.CLUSTER, cluster("eu-central-1", Backend.BACKEND_KUBE_VIP, "region", "eu", "tier", "prod"));
        hub.create(ResourceKind.CLUSTER, cluster("us-east-1", Backend.BACKEND_KUBE_VIP, "region", "us", "tier", "prod"));
        hub.create(ResourceKind.INTENT, perCluster("payments", "eu-public", labels("tier", "prod")));

        AllocationResult result = hub.reconcile("payments");

        assertThat(result.isAllocated()).isTrue();
        assertThat(result.allocations()).extracting(Allocation::getCluster, Allocation::getIp).containsExactly(
                tuple("eu-central-1", "198.51.100.0"),
                tuple("eu-west-1", "198.51.100.1"));
        EgressIntent stored = hub.get(ResourceKind.INTENT, "payments");
        assertThat(stored.getStatus().getAssignmentsList())
                .extracting(AssignmentStatus::getCluster, AssignmentStatus::getIp, AssignmentStatus::getRole)
                .containsExactly(
                        tuple("eu-central-1", "198.51.100.0", AssignmentRole.ASSIGNMENT_ROLE_ACTIVE),
                        tuple("eu-west-1", "198.51.100.1", AssignmentRole.ASSIGNMENT_ROLE_ACTIVE));
        assertThat(allocatedCondition(stored).getStatus()).isEqualTo("True");
        assertThat(allocatedCondition(stored).getMessage())
                .isEqualTo("allocated 198.51.100.0 in eu-central-1, 198.51.100.1 in eu-west-1 from pool eu-public");
    }

    @Test
    void perClusterWhereThePoolIsRoutableNowhereIsNotRoutable() {
        hub.create(ResourceKind.POOL, pool("eu-public", labels("region", "eu"), "198.51.100.0/28"));
        hub.create(ResourceKind.CLUSTER, cluster("us-east-1", Backend.BACKEND_KUBE_VIP, "region", "us"));
        hub.create(ResourceKind.INTENT, perCluster("payments", "eu-public", labels("region", "us")));

        AllocationResult result = hub.reconcile("payments");

        assertThat(result.outcome()).isEqualTo(AllocationResult.Outcome.FAILED);
        assertThat(result.firstProblem().orElseThrow().reason()).isEqualTo(Reason.NOT_ROUTABLE);
        assertThat(result.firstProblem().orElseThrow().message()).isEqualTo(
                "pool eu-public is not routable in any selected cluster (us-east-1); pool clusterSelector: region=eu");
        assertThat(allocatedCondition(hub.get(ResourceKind.INTENT, "payments")).getReason()).isEqualTo("NotRoutable");
        assertThat(hub.allocations()).isEmpty();
    }

    @Test
    void aPlacementSelectingNoClusterIsReported() {
        hub.create(ResourceKind.POOL, pool("eu-public", "198.51.100.0/28"));
        hub.create(ResourceKind.INTENT, perCluster("payments", "eu-public", labels("region", "mars")));

        assertThat(hub.reconcile("payments").firstProblem().orElseThrow().reason()).isEqualTo(Reason.NO_CLUSTER_SELECTED);
    }

    @Test
    void ciliumClustersOnlyGetAddressesTheirGatewayNodesCarry() {
        hub.create(ResourceKind.POOL, pool("eu-public", "198.51.100.0/28"));
        hub.create(ResourceKind.CLUSTER, cluster("eu-west-1", Backend.BACKEND_CILIUM, "region", "eu"));
        hub.create(ResourceKind.CLUSTER, cluster("eu-vip-1", Backend.BACKEND_KUBE_VIP, "region", "eu"));
        hub.report(inventory("eu-west-1", "node-a", "198.51.100.9", "198.51.100.7", "203.0.113.1"));
        hub.create(ResourceKind.INTENT, perCluster("payments", "eu-public", labels("region", "eu")));

        AllocationResult result = hub.reconcile("payments");

        assertThat(result.allocations()).extracting(Allocation::getCluster, Allocation::getIp).containsExactly(
                tuple("eu-vip-1", "198.51.100.0"),
                tuple("eu-west-1", "198.51.100.7"));
    }

    @Test
    void aCiliumClusterWithoutInventoryGetsNoAddress() {
        hub.create(ResourceKind.POOL, pool("eu-public", "198.51.100.0/28"));
        hub.create(ResourceKind.CLUSTER, cluster("eu-west-1", Backend.BACKEND_CILIUM, "region", "eu"));
        hub.create(ResourceKind.INTENT, perCluster("payments", "eu-public", labels("region", "eu")));

        AllocationResult result = hub.reconcile("payments");

        assertThat(result.firstProblem().orElseThrow().reason()).isEqualTo(Reason.NOT_IN_INVENTORY);
        assertThat(result.firstProblem().orElseThrow().message()).contains("cluster eu-west-1 (cilium) has reported no gateway inventory");
        hub.report(inventory("eu-west-1", "node-a", "198.51.100.5"));
        assertThat(ip(hub.reconcile("payments"))).as("allocated once the agent reports").isEqualTo("198.51.100.5");
    }

    @Test
    void whenEveryCarriedAddressIsTakenTheProblemIsTheInventoryNotThePool() {
        hub.create(ResourceKind.POOL, pool("eu-public", "198.51.100.0/28"));
        hub.create(ResourceKind.CLUSTER, cluster("eu-west-1", Backend.BACKEND_CILIUM, "region", "eu"));
        hub.report(inventory("eu-west-1", "node-a", "198.51.100.5"));
        hub.create(ResourceKind.INTENT, activePassive("first", "eu-public", labels("region", "eu")));
        hub.create(ResourceKind.INTENT, activePassive("second", "eu-public", labels("region", "eu")));
        hub.reconcile("first");

        AllocationResult result = hub.reconcile("second");

        assertThat(result.firstProblem().orElseThrow().reason()).isEqualTo(Reason.NOT_IN_INVENTORY);
        assertThat(result.firstProblem().orElseThrow().message()).isEqualTo("no free address of pool eu-public is present"
                + " on a gateway node of cluster eu-west-1 (present and in the pool: 1, all allocated)");
    }

    @Test
    void activePassiveNeedsAnAddressCarriedInEveryCiliumCandidate() {
        hub.create(ResourceKind.POOL, pool("eu-public", "198.51.100.0/28"));
        hub.create(ResourceKind.CLUSTER, cluster("eu-west-1", Backend.BACKEND_CILIUM, "region", "eu"));
        hub.create(ResourceKind.CLUSTER, cluster("eu-central-1", Backend.BACKEND_CILIUM, "region", "eu"));
        hub.create(ResourceKind.CLUSTER, cluster("eu-vip-1", Backend.BACKEND_KUBE_VIP, "region", "eu"));
        hub.report(inventory("eu-west-1", "node-a", "198.51.100.3", "198.51.100.6", "198.51.100.8"));
        hub.report(inventory("eu-central-1", "node-b", "198.51.100.4", "198.51.100.8", "198.51.100.6"));
        hub.create(ResourceKind.INTENT, activePassive("payments", "eu-public", labels("region", "eu")));

        AllocationResult result = hub.reconcile("payments");

        assertThat(result.allocations()).extracting(Allocation::getCluster, Allocation::getIp)
                .containsExactly(tuple("", "198.51.100.6"));
        AssignmentStatus assignment = hub.get(ResourceKind.INTENT, "payments").getStatus().getAssignments(0);
        assertThat(assignment.getIp()).isEqualTo("198.51.100.6");
        assertThat(assignment.getCluster()).as("the coordinator decides where it is active").isEmpty();
        assertThat(assignment.getRole()).isEqualTo(AssignmentRole.ASSIGNMENT_ROLE_UNSPECIFIED);
    }

    @Test
    void aPinnedAddressIsUsedWhenFreeAndCarried() {
        hub.create(ResourceKind.POOL, pool("eu-public", "198.51.100.0/28"));
        hub.create(ResourceKind.CLUSTER, cluster("eu-west-1", Backend.BACKEND_CILIUM, "region", "eu"));
        hub.report(inventory("eu-west-1", "node-a", "198.51.100.2", "198.51.100.10"));
        hub.create(ResourceKind.INTENT, pinned(activePassive("payments", "eu-public", labels("region", "eu")), "198.51.100.10"));

        assertThat(ip(hub.reconcile("payments"))).isEqualTo("198.51.100.10");
    }

    @Test
    void aPinnedAddressNotCarriedByTheGatewaysIsAPreciseError() {
        hub.create(ResourceKind.POOL, pool("eu-public", "198.51.100.0/28"));
        hub.create(ResourceKind.CLUSTER, cluster("eu-west-1", Backend.BACKEND_CILIUM, "region", "eu"));
        hub.report(inventory("eu-west-1", "node-a", "198.51.100.2"));
        hub.create(ResourceKind.INTENT, pinned(activePassive("payments", "eu-public", labels("region", "eu")), "198.51.100.10"));

        AllocationResult result = hub.reconcile("payments");

        assertThat(result.firstProblem().orElseThrow()).isEqualTo(new AllocationProblem(Reason.NOT_IN_INVENTORY, "",
                "pinned address 198.51.100.10 is not present on a gateway node of cluster eu-west-1"));
        assertThat(hub.allocations()).isEmpty();
    }

    @Test
    void aPinnedAddressAlreadyHeldIsAPreciseError() {
        hub.create(ResourceKind.POOL, pool("eu-public", "198.51.100.0/28"));
        hub.create(ResourceKind.CLUSTER, cluster("eu-west-1", Backend.BACKEND_KUBE_VIP, "region", "eu"));
        hub.create(ResourceKind.INTENT, activePassive("holder", "eu-public", labels("region", "eu")));
        hub.reconcile("holder");
        // Validation refuses pinning a held address; an intent stored before the address was taken
        // (e.g. by an older hub) reaches the allocator anyway.
        storeDirectly(pinned(activePassive("late", "eu-public", labels("region", "eu")), "198.51.100.0"));

        AllocationResult result = hub.reconcile("late");

        assertThat(result.firstProblem().orElseThrow()).isEqualTo(new AllocationProblem(Reason.PINNED_ADDRESS_UNAVAILABLE, "",
                "pinned address 198.51.100.0 is allocated to intent holder"));
    }

    @Test
    void onePinnedAddressCannotServeSeveralPerClusterClusters() {
        hub.create(ResourceKind.POOL, pool("eu-public", "198.51.100.0/28"));
        hub.create(ResourceKind.CLUSTER, cluster("eu-west-1", Backend.BACKEND_KUBE_VIP, "region", "eu"));
        hub.create(ResourceKind.CLUSTER, cluster("eu-central-1", Backend.BACKEND_KUBE_VIP, "region", "eu"));
        storeDirectly(pinned(perCluster("payments", "eu-public", labels("region", "eu")), "198.51.100.4"));

        AllocationResult result = hub.reconcile("payments");

        assertThat(result.firstProblem().orElseThrow().reason()).isEqualTo(Reason.PINNED_ADDRESS_CONFLICT);
        assertThat(result.firstProblem().orElseThrow().message()).isEqualTo("pinned address 198.51.100.4 cannot serve"
                + " 2 clusters (eu-central-1, eu-west-1): a PerCluster intent needs one address per cluster");
        assertThat(hub.allocations()).isEmpty();
    }

    @Test
    void exhaustionNamesThePoolItsSizeAndWhatIsAllocated() {
        hub.create(ResourceKind.POOL, pool("tiny", "198.51.100.0/30", "198.51.100.0"));
        hub.create(ResourceKind.CLUSTER, cluster("eu-west-1", Backend.BACKEND_KUBE_VIP, "region", "eu"));
        for (String name : new String[] {"a", "b", "c", "d"}) {
            hub.create(ResourceKind.INTENT, activePassive(name, "tiny", labels("region", "eu")));
        }
        hub.reconcile("a");
        hub.reconcile("b");
        hub.reconcile("c");

        AllocationResult result = hub.reconcile("d");

        assertThat(result.firstProblem().orElseThrow()).isEqualTo(
                new AllocationProblem(Reason.POOL_EXHAUSTED, "", "pool tiny is exhausted: 3 addresses, 3 allocated"));
        Condition condition = allocatedCondition(hub.get(ResourceKind.INTENT, "d"));
        assertThat(condition.getStatus()).isEqualTo("False");
        assertThat(condition.getReason()).isEqualTo("PoolExhausted");
        assertThat(condition.getMessage()).isEqualTo("pool tiny is exhausted: 3 addresses, 3 allocated");
        assertThat(hub.allocations()).hasSize(3);
    }

    @Test
    void reconcilingAMissingIntentDoesNothing() {
        long revision = await(hub.store().currentRevision());

        assertThat(hub.reconcile("ghost").outcome()).isEqualTo(AllocationResult.Outcome.INTENT_ABSENT);
        assertThat(await(hub.store().currentRevision())).isEqualTo(revision);
    }

    private void storeDirectly(EgressIntent intent) {
        await(hub.store().put(hub.keys().intent(intent.getMetadata().getName()),
                Codec.of(EgressIntent.getDefaultInstance()).encode(intent)));
    }

    static String ip(AllocationResult result) {
        assertThat(result.allocations()).as("allocations of %s: %s", result.intent(), result.problems()).hasSize(1);
        return result.allocations().get(0).getIp();
    }

    static Condition allocatedCondition(EgressIntent intent) {
        return intent.getStatus().getConditionsList().stream().filter(c -> c.getType().equals("Allocated")).findFirst().orElseThrow();
    }
}
