package io.egressfed.hub.ipam;

import static io.egressfed.hub.state.Resources.activePassive;
import static io.egressfed.hub.state.Resources.cluster;
import static io.egressfed.hub.state.Resources.labels;
import static io.egressfed.hub.state.Resources.pool;
import static org.assertj.core.api.Assertions.assertThat;

import io.egressfed.api.v1alpha1.Allocation;
import io.egressfed.api.v1alpha1.AuditAction;
import io.egressfed.api.v1alpha1.AuditRecord;
import io.egressfed.api.v1alpha1.Backend;
import io.egressfed.api.v1alpha1.EgressIntent;
import io.egressfed.hub.ipam.AllocationProblem.Reason;
import io.egressfed.hub.net.Cidr;
import io.egressfed.hub.net.IpAddress;
import io.egressfed.hub.state.ResourceKind;
import io.egressfed.hub.state.TestHub;
import io.egressfed.hub.store.EtcdStore;
import io.egressfed.hub.store.Keys;
import io.egressfed.testsupport.EtcdLauncher;
import io.egressfed.testsupport.RealEtcd;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Three hub replicas, each with its own etcd client, reconcile the same 200 intents at once against
 * a 64-address pool: every address goes to exactly one intent, the other intents are told the pool
 * is exhausted, and the audit log has one allocation record per address.
 */
@RealEtcd
class AllocationRaceTest {

    private static final Logger LOG = LoggerFactory.getLogger(AllocationRaceTest.class);
    private static final int INTENTS = 200;
    private static final int REPLICAS = 3;
    private static final String POOL = "race-pool";
    private static final Cidr POOL_CIDR = Cidr.parse("198.18.0.0/26");

    @Test
    void threeReplicasNeverAllocateOneAddressTwice(EtcdLauncher etcd) throws Exception {
        Keys keys = new Keys("/race-" + UUID.randomUUID() + "/");
        List<TestHub> replicas = new ArrayList<>();
        for (int i = 0; i < REPLICAS; i++) {
            replicas.add(new TestHub(EtcdStore.connect(List.of(etcd.endpoint())), keys, Clock.systemUTC()));
        }
        ExecutorService workers = Executors.newFixedThreadPool(REPLICAS);
        try {
            TestHub admin = replicas.get(0);
            admin.create(ResourceKind.POOL, pool(POOL, POOL_CIDR.toString()));
            admin.create(ResourceKind.CLUSTER, cluster("dc-1", Backend.BACKEND_KUBE_VIP, "site", "dc-1"));
            List<String> names = IntStream.range(0, INTENTS).mapToObj(i -> String.format("intent-%03d", i)).toList();
            long creating = System.nanoTime();
            for (String name : names) {
                admin.create(ResourceKind.INTENT, activePassive(name, POOL, labels("site", "dc-1")));
            }
            long racing = System.nanoTime();

            // Each replica reconciles every intent, in its own order, at the same time as the others.
            Map<String, List<AllocationResult>> resultsByIntent = new ConcurrentHashMap<>();
            List<CompletableFuture<Void>> runs = new ArrayList<>();
            for (int r = 0; r < REPLICAS; r++) {
                TestHub replica = replicas.get(r);
                List<String> order = new ArrayList<>(names);
                Collections.shuffle(order, new Random(r));
                runs.add(CompletableFuture.runAsync(() -> order.forEach(name -> resultsByIntent
                        .computeIfAbsent(name, n -> Collections.synchronizedList(new ArrayList<>()))
                        .add(replica.reconcile(name))), workers));
            }
            CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
            long done = System.nanoTime();
            LOG.info("created {} intents in {} ms; {} replicas reconciled them in {} ms", INTENTS,
                    (racing - creating) / 1_000_000, REPLICAS, (done - racing) / 1_000_000);

            Map<String, Allocation> stored = admin.allocations();
            assertThat(stored).hasSize(64);
            assertThat(stored.values()).extracting(Allocation::getIntent).doesNotHaveDuplicates();
            assertThat(stored.keySet()).allSatisfy(ip -> assertThat(POOL_CIDR.contains(IpAddress.parse(ip))).isTrue());
            Map<String, String> ipByIntent = stored.values().stream()
                    .collect(Collectors.toMap(Allocation::getIntent, Allocation::getIp));

            Set<String> succeeded = new HashSet<>();
            for (String name : names) {
                List<AllocationResult> results = resultsByIntent.get(name);
                assertThat(results).as(name).hasSize(REPLICAS);
                if (ipByIntent.containsKey(name)) {
                    succeeded.add(name);
                    assertThat(results).as(name).allSatisfy(result -> {
                        assertThat(result.isAllocated()).isTrue();
                        assertThat(result.allocations()).extracting(Allocation::getIp).containsExactly(ipByIntent.get(name));
                    });
                } else {
                    assertThat(results).as(name).allSatisfy(result -> {
                        assertThat(result.outcome()).isEqualTo(AllocationResult.Outcome.FAILED);
                        assertThat(result.problems()).containsExactly(new AllocationProblem(Reason.POOL_EXHAUSTED, "",
                                "pool race-pool is exhausted: 64 addresses, 64 allocated"));
                    });
                }
            }
            assertThat(succeeded).hasSize(64);

            List<AuditRecord> allocations = admin.auditRecords().stream()
                    .filter(record -> record.getAction() == AuditAction.AUDIT_ACTION_ALLOCATE)
                    .toList();
            assertThat(allocations).hasSize(64);
            assertThat(allocations).extracting(AuditRecord::getIp).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(stored.keySet());
            assertThat(allocations).extracting(AuditRecord::getName).containsExactlyInAnyOrderElementsOf(succeeded);
            assertThat(admin.auditRecords()).noneMatch(record -> record.getAction() == AuditAction.AUDIT_ACTION_RELEASE);

            EgressIntent loser = admin.get(ResourceKind.INTENT, names.stream().filter(n -> !succeeded.contains(n)).findFirst().orElseThrow());
            assertThat(AllocatorRulesTest.allocatedCondition(loser).getReason()).isEqualTo("PoolExhausted");
        } finally {
            workers.shutdownNow();
            replicas.forEach(TestHub::close);
        }
    }
}
