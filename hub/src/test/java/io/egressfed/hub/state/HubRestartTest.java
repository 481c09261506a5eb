package io.egressfed.hub.state;

import static io.egressfed.hub.state.Resources.activePassive;
import static io.egressfed.hub.state.Resources.cluster;
import static io.egressfed.hub.state.Resources.inventory;
import static io.egressfed.hub.state.Resources.labels;
import static io.egressfed.hub.state.Resources.perCluster;
import static io.egressfed.hub.state.Resources.pool;
import static io.egressfed.hub.state.TestHub.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.egressfed.api.v1alpha1.Allocation;
import com.google.protobuf.Message;
import io.egressfed.api.v1alpha1.AuditRecord;
import io.egressfed.api.v1alpha1.Backend;
import io.egressfed.api.v1alpha1.ClusterInventory;
import io.egressfed.api.v1alpha1.EgressIPPool;
import io.egressfed.api.v1alpha1.EgressIntent;
import io.egressfed.api.v1alpha1.MemberCluster;
import io.egressfed.hub.ipam.AllocationResult;
import io.egressfed.hub.store.EtcdStore;
import io.egressfed.hub.store.Keys;
import io.egressfed.hub.store.Listing;
import io.egressfed.testsupport.EtcdLauncher;
import io.egressfed.testsupport.RealEtcd;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * etcd is the only source of truth: a brand-new hub instance (new etcd client, new services) on the
 * same etcd, restarted in between, sees every write the first instance had acknowledged.
 */
@RealEtcd
class HubRestartTest {

    @Test
    void aNewHubInstanceSeesEveryAcknowledgedWrite(EtcdLauncher etcd) {
        Keys keys = new Keys("/restart-" + UUID.randomUUID() + "/");
        TestClock clock = new TestClock(Instant.parse("2030-01-01T00:00:00Z"));
        Map<String, EgressIPPool> pools = new LinkedHashMap<>();
        Map<String, MemberCluster> clusters = new LinkedHashMap<>();
        Map<String, EgressIntent> intents = new LinkedHashMap<>();
        List<AllocationResult> reconciles = new ArrayList<>();
        ClusterInventory inventory;
        Listing acknowledged;
        List<AuditRecord> audit;

        try (TestHub first = new TestHub(EtcdStore.connect(List.of(etcd.endpoint())), keys, clock)) {
            put(pools, ResourceKind.POOL, first.create(ResourceKind.POOL, pool("eu-public", labels("region", "eu"), "198.51.100.0/27")));
            put(pools, ResourceKind.POOL, first.create(ResourceKind.POOL, pool("v6-public", "2001:db8:100::/120")));
            put(clusters, ResourceKind.CLUSTER, first.create(ResourceKind.CLUSTER, cluster("eu-west-1", Backend.BACKEND_CILIUM, "region", "eu")));
            put(clusters, ResourceKind.CLUSTER, first.create(ResourceKind.CLUSTER, cluster("eu-central-1", Backend.BACKEND_KUBE_VIP, "region", "eu")));
            inventory = first.report(inventory("eu-west-1", "node-a", "198.51.100.4", "198.51.100.5", "198.51.100.6",
                    "198.51.100.7", "198.51.100.8", "198.51.100.9", "198.51.100.10"));
            for (int i = 0; i < 6; i++) {
                clock.advance(Duration.ofSeconds(1));
                put(intents, ResourceKind.INTENT, first.create(ResourceKind.INTENT, i % 2 == 0
                        ? perCluster("per-" + i, "eu-public", labels("region", "eu"))
                        : activePassive("ap-" + i, "eu-public", labels("region", "eu"))));
            }
            EgressIPPool relabelled = first.update(ResourceKind.POOL, pools.get("eu-public").toBuilder()
                    .setMetadata(pools.get("eu-public").getMetadata().toBuilder().putLabels("owner", "net")).build());
            put(pools, ResourceKind.POOL, relabelled);
            for (String name : List.copyOf(intents.keySet())) {
                AllocationResult result = first.reconcile(name);
                assertThat(result.isAllocated()).as("%s: %s", name, result.problems()).isTrue();
                reconciles.add(result);
            }
            first.delete(ResourceKind.INTENT, "ap-3");
            intents.remove("ap-3");
            first.delete(ResourceKind.POOL, "v6-public");
            pools.remove("v6-public");
            // The intents as last written (by the allocator's status writes).
            intents.replaceAll((name, intent) -> first.get(ResourceKind.INTENT, name));
            acknowledged = first.everything();
            audit = first.auditRecords();
        }

        etcd.restart();

        try (TestHub second = new TestHub(EtcdStore.connect(List.of(etcd.endpoint())), keys, clock)) {
            assertThat(second.everything().items()).as("every key, value and revision").isEqualTo(acknowledged.items());
            assertThat(await(second.resources().list(ResourceKind.POOL))).containsExactlyElementsOf(pools.values());
            assertThat(await(second.resources().list(ResourceKind.CLUSTER))).containsExactlyInAnyOrderElementsOf(clusters.values());
            assertThat(await(second.resources().list(ResourceKind.INTENT))).containsExactlyInAnyOrderElementsOf(intents.values());
            assertThat(await(second.resources().getInventory("eu-west-1"))).contains(inventory);
            assertThat(second.auditRecords()).isEqualTo(audit);

            Map<String, Allocation> allocations = second.allocations();
            for (AllocationResult reconcile : reconciles) {
                boolean deleted = reconcile.intent().equals("ap-3");
                for (Allocation allocation : reconcile.allocations()) {
                    assertThat(allocations.containsKey(allocation.getIp())).as(allocation.getIp()).isEqualTo(!deleted);
                    if (!deleted) {
                        assertThat(allocations.get(allocation.getIp())).isEqualTo(allocation);
                    }
                }
            }

            // The new instance carries on from there: reconciles are no-ops, freed addresses are reused.
            long revision = await(second.store().currentRevision());
            for (String name : intents.keySet()) {
                second.reconcile(name);
            }
            assertThat(await(second.store().currentRevision())).isEqualTo(revision);
            String freed = reconciles.stream().filter(r -> r.intent().equals("ap-3")).findFirst().orElseThrow()
                    .allocations().get(0).getIp();
            second.create(ResourceKind.INTENT, activePassive("late", "eu-public", labels("region", "eu")));
            assertThat(second.reconcile("late").allocations()).extracting(Allocation::getIp).containsExactly(freed);
        }
    }

    private static <T extends Message> void put(Map<String, T> byName, ResourceKind<T> kind, T object) {
        byName.put(kind.metadata(object).getName(), object);
    }
}
