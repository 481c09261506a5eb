package io.egressfed.hub.ipam;

import static io.egressfed.hub.ipam.AllocatorRulesTest.ip;
import static io.egressfed.hub.state.Resources.activePassive;
import static io.egressfed.hub.state.Resources.cluster;
import static io.egressfed.hub.state.Resources.labels;
import static io.egressfed.hub.state.Resources.perCluster;
import static io.egressfed.hub.state.Resources.pool;
import static io.egressfed.hub.state.TestHub.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.egressfed.api.v1alpha1.Allocation;
import io.egressfed.api.v1alpha1.AssignmentStatus;
import io.egressfed.api.v1alpha1.AuditAction;
import io.egressfed.api.v1alpha1.AuditRecord;
import io.egressfed.api.v1alpha1.Backend;
import io.egressfed.api.v1alpha1.EgressIPPool;
import io.egressfed.api.v1alpha1.EgressIntent;
import io.egressfed.hub.ipam.AllocationProblem.Reason;
import io.egressfed.hub.state.InterceptingStore;
import io.egressfed.hub.state.ResourceKind;
import io.egressfed.hub.state.TestClock;
import io.egressfed.hub.state.TestHub;
import io.egressfed.hub.store.Codec;
import io.egressfed.hub.store.InMemoryStore;
import io.egressfed.hub.store.Keys;
import io.egressfed.hub.store.Op;
import io.egressfed.hub.store.Txn;
import io.egressfed.hub.validate.ValidationException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How allocations live: stable, released when unwanted, guarded against pool changes and races. */
class AllocationLifecycleTest {

    private static final Instant START = Instant.parse("2030-01-01T00:00:00Z");

    private final TestClock clock = new TestClock(START);
    private final InterceptingStore store = new InterceptingStore(new InMemoryStore());
    private final TestHub hub = new TestHub(store, Keys.defaults(), clock);
    /** A second hub replica on the same store. */
    private final TestHub other = new TestHub(store, Keys.defaults(), clock);

    @AfterEach
    void close() {
        hub.close();
    }

    @Test
    void aNoOpReconcileKeepsTheAddressAndWritesNothing() {
        euPublicPoolAndClusters("eu-west-1");
        hub.create(ResourceKind.INTENT, activePassive("first", "eu-public", labels("region", "eu")));
        hub.create(ResourceKind.INTENT, activePassive("second", "eu-public", labels("region", "eu")));
        hub.reconcile("first");
        String address = ip(hub.reconcile("second"));
        hub.delete(ResourceKind.INTENT, "first");
        long revision = await(hub.store().currentRevision());

        clock.advance(Duration.ofMinutes(5));
        AllocationResult again = hub.reconcile("second");

        assertThat(ip(again)).as("a lower address is free now, but the intent keeps its own").isEqualTo(address);
        assertThat(await(hub.store().currentRevision())).isEqualTo(revision);
    }

    @Test
    void shrinkingThePlacementReleasesTheAddressOfTheClusterLeft() {
        hub.create(ResourceKind.POOL, pool("eu-public", "198.51.100.0/28"));
        hub.create(ResourceKind.CLUSTER, cluster("eu-west-1", Backend.BACKEND_KUBE_VIP, "region", "eu", "tier", "prod"));
        hub.create(ResourceKind.CLUSTER, cluster("eu-central-1", Backend.BACKEND_KUBE_VIP, "region", "eu"));
        hub.create(ResourceKind.INTENT, perCluster("payments", "eu-public", labels("region", "eu")));
        hub.reconcile("payments");
        EgressIntent.Builder narrower = hub.get(ResourceKind.INTENT, "payments").toBuilder();
        narrower.getSpecBuilder().getPlacementBuilder().setClusterSelector(labels("tier", "prod"));
        hub.update(ResourceKind.INTENT, narrower.build());

        AllocationResult result = hub.reconcile("payments");

        assertThat(result.allocations()).extracting(Allocation::getCluster, Allocation::getIp)
                .containsExactly(tuple("eu-west-1", "198.51.100.1"));
        assertThat(hub.allocations()).containsOnlyKeys("198.51.100.1");
        assertThat(hub.get(ResourceKind.INTENT, "payments").getStatus().getAssignmentsList())
                .extracting(AssignmentStatus::getCluster).containsExactly("eu-west-1");
        AuditRecord release = last(hub.auditRecords());
        assertThat(release.getAction()).isEqualTo(AuditAction.AUDIT_ACTION_RELEASE);
        assertThat(release.getIp()).isEqualTo("198.51.100.0");
        assertThat(release.getCluster()).isEqualTo("eu-central-1");
        assertThat(release.getMessage()).isEqualTo("released 198.51.100.0 to pool eu-public in cluster eu-central-1:"
                + " cluster eu-central-1 is no longer selected by spec.placement.clusterSelector");
    }

    @Test
    void deletingAClusterReleasesItsPerClusterAddressesOnTheNextReconcile() {
        euPublicPoolAndClusters("eu-west-1", "eu-central-1");
        hub.create(ResourceKind.INTENT, perCluster("payments", "eu-public", labels("region", "eu")));
        hub.reconcile("payments");
        hub.delete(ResourceKind.CLUSTER, "eu-central-1");

        hub.reconcile("payments");

        assertThat(hub.allocations().values()).extracting(Allocation::getCluster).containsExactly("eu-west-1");
        assertThat(last(hub.auditRecords()).getMessage()).endsWith(": cluster eu-central-1 was deleted");
    }

    @Test
    void deletingAnIntentReleasesEachOfItsAddressesInTheSameTransaction() {
        euPublicPoolAndClusters("eu-west-1", "eu-central-1");
        hub.create(ResourceKind.INTENT, perCluster("payments", "eu-public", labels("region", "eu")));
        hub.reconcile("payments");

        hub.delete(ResourceKind.INTENT, "payments");

        assertThat(hub.allocations()).isEmpty();
        List<AuditRecord> records = hub.auditRecords();
        List<AuditRecord> deletion = records.stream().filter(r -> r.getSeq() == last(records).getSeq()).toList();
        assertThat(deletion).extracting(AuditRecord::getAction, AuditRecord::getIp).containsExactly(
                tuple(AuditAction.AUDIT_ACTION_RELEASE, "198.51.100.0"),
                tuple(AuditAction.AUDIT_ACTION_RELEASE, "198.51.100.1"),
                tuple(AuditAction.AUDIT_ACTION_DELETE, ""));
        assertThat(deletion.get(0).getMessage()).endsWith(": intent deleted");
    }

    @Test
    void movingAnIntentToAnotherPoolSwapsItsAddressAtomically() {
        hub.create(ResourceKind.POOL, pool("eu-public", "198.51.100.0/28"));
        hub.create(ResourceKind.POOL, pool("eu-backup", "198.51.100.16/28"));
        hub.create(ResourceKind.CLUSTER, cluster("eu-west-1", Backend.BACKEND_KUBE_VIP, "region", "eu"));
        hub.create(ResourceKind.INTENT, activePassive("payments", "eu-public", labels("region", "eu")));
        hub.reconcile("payments");
        EgressIntent.Builder moved = hub.get(ResourceKind.INTENT, "payments").toBuilder();
        moved.getSpecBuilder().getEgressIpBuilder().setPool("eu-backup");
        hub.update(ResourceKind.INTENT, moved.build());

        assertThat(ip(hub.reconcile("payments"))).isEqualTo("198.51.100.16");

        assertThat(hub.allocations()).containsOnlyKeys("198.51.100.16");
        List<AuditRecord> records = hub.auditRecords();
        assertThat(records.subList(records.size() - 2, records.size()))
                .extracting(AuditRecord::getAction, AuditRecord::getIp, AuditRecord::getSeq)
                .containsExactly(tuple(AuditAction.AUDIT_ACTION_ALLOCATE, "198.51.100.16", last(records).getSeq()),
                        tuple(AuditAction.AUDIT_ACTION_RELEASE, "198.51.100.0", last(records).getSeq()));
    }

    @Test
    void aPoolCannotShrinkAwayOrDeleteAllocatedAddresses() {
        EgressIPPool pool = euPublicPoolAndClusters("eu-west-1");
        hub.create(ResourceKind.INTENT, activePassive("payments", "eu-public", labels("region", "eu")));
        hub.create(ResourceKind.INTENT, activePassive("billing", "eu-public", labels("region", "eu")));
        hub.reconcile("payments");
        hub.reconcile("billing");

        EgressIPPool shrunk = pool.toBuilder().setSpec(pool.getSpec().toBuilder().setCidrs(0, "198.51.100.8/29")).build();
        assertThatThrownBy(() -> hub.update(ResourceKind.POOL, shrunk))
                .isInstanceOf(ValidationException.class)
                .hasMessage("EgressIPPool \"eu-public\" is invalid: spec.cidrs: would remove addresses still in use:"
                        + " 198.51.100.0 (allocated to intent \"payments\"), 198.51.100.1 (allocated to intent \"billing\");"
                        + " release them first");
        assertThatThrownBy(() -> hub.delete(ResourceKind.POOL, "eu-public"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("intent \"billing\" still uses this pool (allocated: 198.51.100.1)")
                .hasMessageContaining("intent \"payments\" still uses this pool (allocated: 198.51.100.0)");
        assertThat(hub.get(ResourceKind.POOL, "eu-public")).isEqualTo(pool);
    }

    @Test
    void aPoolShrinkRacingAnAllocationIsRevalidatedAndRefused() {
        EgressIPPool pool = euPublicPoolAndClusters("eu-west-1");
        hub.create(ResourceKind.INTENT, activePassive("payments", "eu-public", labels("region", "eu")));
        EgressIPPool shrunk = pool.toBuilder().setSpec(pool.getSpec().toBuilder().addExclude("198.51.100.0/29")).build();
        // The shrink is valid on the snapshot it read; another replica allocates from the range before it commits.
        store.beforeNextCommit(writes(hub.keys().pool("eu-public")), () -> other.reconcile("payments"));

        assertThatThrownBy(() -> hub.update(ResourceKind.POOL, shrunk))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("spec.exclude[0]: would remove addresses still in use: 198.51.100.0 (allocated to intent \"payments\")");
        assertThat(store.intercepted()).isTrue();
        assertThat(hub.get(ResourceKind.POOL, "eu-public").getSpec().getExcludeList()).isEmpty();
        assertThat(hub.allocations()).containsOnlyKeys("198.51.100.0");
    }

    @Test
    void anAllocationRacingAPoolShrinkIsReplannedInTheNewShape() {
        EgressIPPool pool = euPublicPoolAndClusters("eu-west-1");
        hub.create(ResourceKind.INTENT, activePassive("payments", "eu-public", labels("region", "eu")));
        EgressIPPool shrunk = pool.toBuilder().setSpec(pool.getSpec().toBuilder().addExclude("198.51.100.0/29")).build();
        store.beforeNextCommit(writes(hub.keys().alloc("198.51.100.0")), () -> other.update(ResourceKind.POOL, shrunk));

        assertThat(ip(hub.reconcile("payments"))).isEqualTo("198.51.100.8");
        assertThat(store.intercepted()).isTrue();
    }

    @Test
    void aClusterDeletedDuringAllocationGetsNoAddress() {
        euPublicPoolAndClusters("eu-west-1", "eu-central-1");
        hub.create(ResourceKind.INTENT, perCluster("payments", "eu-public", labels("region", "eu")));
        store.beforeNextCommit(writes(hub.keys().intent("payments")), () -> other.delete(ResourceKind.CLUSTER, "eu-central-1"));

        AllocationResult result = hub.reconcile("payments");

        assertThat(store.intercepted()).isTrue();
        assertThat(result.allocations()).extracting(Allocation::getCluster).containsExactly("eu-west-1");
        assertThat(hub.allocations().values()).extracting(Allocation::getCluster).containsExactly("eu-west-1");
    }

    @Test
    void twoReplicasReconcilingOneIntentAllocateOnce() {
        euPublicPoolAndClusters("eu-west-1");
        hub.create(ResourceKind.INTENT, activePassive("payments", "eu-public", labels("region", "eu")));
        store.beforeNextCommit(writes(hub.keys().intent("payments")), () -> other.reconcile("payments"));

        AllocationResult result = hub.reconcile("payments");

        assertThat(ip(result)).isEqualTo("198.51.100.0");
        assertThat(hub.allocations()).containsOnlyKeys("198.51.100.0");
        assertThat(hub.auditRecords()).filteredOn(r -> r.getAction() == AuditAction.AUDIT_ACTION_ALLOCATE).hasSize(1);
    }

    @Test
    void anIntentNeverHoldsMoreAddressesThanItsDeletionCanRelease() {
        hub.create(ResourceKind.POOL, pool("big", "198.51.100.0/24"));
        for (int i = 0; i < 40; i++) {
            hub.create(ResourceKind.CLUSTER, cluster(String.format("c%02d", i), Backend.BACKEND_KUBE_VIP, "fleet", "all"));
        }
        hub.create(ResourceKind.INTENT, perCluster("everywhere", "big", labels("fleet", "all")));

        AllocationResult result = hub.reconcile("everywhere");

        assertThat(result.firstProblem().orElseThrow().reason()).isEqualTo(Reason.TOO_MANY_CHANGES);
        assertThat(result.firstProblem().orElseThrow().message()).isEqualTo("intent everywhere would hold 40 addresses,"
                + " more than the 30 that deleting it can release in one transaction (etcd --max-txn-ops 128);"
                + " nothing was allocated or released");
        assertThat(hub.allocations()).isEmpty();
        assertThat(AllocatorRulesTest.allocatedCondition(hub.get(ResourceKind.INTENT, "everywhere")).getReason())
                .isEqualTo("TooManyChanges");
    }

    @Test
    void theMostAddressesAnIntentMayHoldAreReleasedByItsDeletion() {
        hub.create(ResourceKind.POOL, pool("big", "198.51.100.0/24"));
        for (int i = 0; i < StoreAllocator.MAX_ADDRESSES_PER_INTENT; i++) {
            hub.create(ResourceKind.CLUSTER, cluster(String.format("c%02d", i), Backend.BACKEND_KUBE_VIP, "fleet", "all"));
        }
        hub.create(ResourceKind.INTENT, perCluster("everywhere", "big", labels("fleet", "all")));
        assertThat(hub.reconcile("everywhere").allocations()).hasSize(30);

        hub.delete(ResourceKind.INTENT, "everywhere");

        assertThat(hub.allocations()).isEmpty();
    }

    @Test
    void changesBeyondOneTransactionAreRefusedWhole() {
        hub.create(ResourceKind.POOL, pool("big", "198.51.100.0/24"));
        hub.create(ResourceKind.POOL, pool("other", "192.0.2.0/24"));
        for (int i = 0; i < 25; i++) {
            hub.create(ResourceKind.CLUSTER, cluster(String.format("c%02d", i), Backend.BACKEND_KUBE_VIP, "fleet", "all"));
        }
        hub.create(ResourceKind.INTENT, perCluster("everywhere", "big", labels("fleet", "all")));
        List<Allocation> held = hub.reconcile("everywhere").allocations();
        EgressIntent.Builder moved = hub.get(ResourceKind.INTENT, "everywhere").toBuilder();
        moved.getSpecBuilder().getEgressIpBuilder().setPool("other");
        hub.update(ResourceKind.INTENT, moved.build());

        AllocationResult result = hub.reconcile("everywhere");

        assertThat(result.firstProblem().orElseThrow().message()).isEqualTo("intent everywhere needs 25 allocations and"
                + " 25 releases at once (203 operations, 77 compares), above the limit of 128 per transaction"
                + " (etcd --max-txn-ops); nothing was allocated or released");
        assertThat(result.allocations()).isEqualTo(held);
        assertThat(hub.allocations().values()).containsExactlyInAnyOrderElementsOf(held);
    }

    @Test
    void whatOthersWroteIntoAnAssignmentIsKept() {
        euPublicPoolAndClusters("eu-west-1");
        hub.create(ResourceKind.INTENT, perCluster("payments", "eu-public", labels("region", "eu")));
        hub.reconcile("payments");
        EgressIntent allocated = hub.get(ResourceKind.INTENT, "payments");
        EgressIntent.Builder reported = allocated.toBuilder();
        reported.getStatusBuilder().getAssignmentsBuilder(0).setGatewayNode("node-a").setHealthy(true).setAppliedVersion(7);
        Codec<EgressIntent> codec = Codec.of(EgressIntent.getDefaultInstance());
        await(hub.store().put(hub.keys().intent("payments"), codec.encode(reported.build().toBuilder()
                .setMetadata(allocated.getMetadata().toBuilder().clearResourceVersion()).build())));
        long revision = await(hub.store().currentRevision());

        hub.reconcile("payments");

        AssignmentStatus kept = hub.get(ResourceKind.INTENT, "payments").getStatus().getAssignments(0);
        assertThat(kept.getGatewayNode()).isEqualTo("node-a");
        assertThat(kept.getAppliedVersion()).isEqualTo(7);
        assertThat(await(hub.store().currentRevision())).isEqualTo(revision);
    }

    /**
     * The usual scene: pool eu-public (198.51.100.0/28, routable everywhere) and kube-vip clusters
     * labelled region=eu, which need no inventory to get an address.
     */
    private EgressIPPool euPublicPoolAndClusters(String... clusters) {
        EgressIPPool pool = hub.create(ResourceKind.POOL, pool("eu-public", "198.51.100.0/28"));
        for (String name : clusters) {
            hub.create(ResourceKind.CLUSTER, cluster(name, Backend.BACKEND_KUBE_VIP, "region", "eu"));
        }
        return pool;
    }

    private static Predicate<Txn> writes(String key) {
        return txn -> txn.ops().stream().anyMatch(op -> op instanceof Op.Put put && put.key().equals(key));
    }

    private static AuditRecord last(List<AuditRecord> records) {
        return records.get(records.size() - 1);
    }
}
