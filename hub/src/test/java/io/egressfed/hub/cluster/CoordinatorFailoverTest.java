package io.egressfed.hub.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.egressfed.hub.lead.EtcdElection;
import io.egressfed.hub.store.Compare;
import io.egressfed.hub.store.EtcdStore;
import io.egressfed.hub.store.Keys;
import io.egressfed.hub.store.Op;
import io.egressfed.hub.store.Txn;
import io.egressfed.hub.store.TxnResult;
import io.egressfed.testsupport.EtcdLauncher;
import io.egressfed.testsupport.RealEtcd;
import io.etcd.jetcd.Client;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Three hub replicas, each with its own etcd client and election, run a probe coordinator as the
 * cluster singleton. Killing the replica that runs it moves the coordinator, and only the new one's
 * decisions commit.
 */
@RealEtcd
class CoordinatorFailoverTest {

    private static final Duration ELECTION_TTL = Duration.ofSeconds(2);

    private final Keys keys = new Keys("/failover-" + UUID.randomUUID() + "/");
    private final String decisionKey = keys.placement("payments");
    private final List<Decision> decisions = new CopyOnWriteArrayList<>();

    @Test
    void killingTheCoordinatorsReplicaMovesItAndFencesTheOldOne(EtcdLauncher etcd) throws Exception {
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
        List<Client> clients = new ArrayList<>();
        try (Client verifierClient = Client.builder().endpoints(etcd.endpoint()).build();
             EtcdStore verifier = new EtcdStore(verifierClient);
             Replicas replicas = Replicas.start(3)) {
            for (HubCluster replica : replicas.all()) {
                Client client = Client.builder().endpoints(etcd.endpoint()).build();
                clients.add(client);
                EtcdElection election = new EtcdElection(client, keys, ELECTION_TTL, scheduler);
                String name = replica.settings().replicaName();
                CoordinatorSingleton.init(replica, election, fencing -> probe(name, fencing, verifier));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> decisions.stream().anyMatch(Decision::committed));
            Decision first = decisions.stream().filter(Decision::committed).findFirst().orElseThrow();
            int leader = indexOf(replicas, first.replica());

            long killedAt = System.nanoTime();
            clients.get(leader).close(); // its keep-alives stop; it never resigns
            replicas.get(leader).close();

            await().atMost(Duration.ofSeconds(60)).until(() -> decisions.stream()
                    .anyMatch(decision -> decision.committed() && !decision.replica().equals(first.replica())));
            Decision next = decisions.stream()
                    .filter(decision -> decision.committed() && !decision.replica().equals(first.replica()))
                    .findFirst().orElseThrow();
            System.out.printf("coordinator moved from %s to %s in %d ms after its replica was killed%n",
                    first.replica(), next.replica(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt));

            TxnResult late = commit(verifier, first.fencing(), "late decision of " + first.replica());
            assertThat(late.succeeded()).isFalse();
            assertThat(late.failedCompares()).containsExactlyElementsOf(first.fencing());
            assertThat(commit(verifier, next.fencing(), "next decision of " + next.replica()).succeeded()).isTrue();
        } finally {
            clients.forEach(Client::close);
            scheduler.shutdownNow();
        }
    }

    /** A coordinator stand-in: when it starts, it commits one fenced decision. */
    private FencedService probe(String replica, Supplier<List<Compare>> fencing, EtcdStore store) {
        return FencedService.of(() -> CompletableFuture.supplyAsync(() -> {
            List<Compare> compares = fencing.get();
            try {
                boolean committed = commit(store, compares, "decision of " + replica).succeeded();
                decisions.add(new Decision(replica, compares, committed));
                return null;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }), () -> { });
    }

    private TxnResult commit(EtcdStore store, List<Compare> fencing, String value) throws Exception {
        return store.commit(Txn.builder().when(fencing)
                .then(Op.put(decisionKey, value.getBytes(StandardCharsets.UTF_8))).build()).get(10, TimeUnit.SECONDS);
    }

    private static int indexOf(Replicas replicas, String name) {
        for (int i = 0; i < replicas.all().size(); i++) {
            if (replicas.get(i).settings().replicaName().equals(name)) {
                return i;
            }
        }
        throw new IllegalStateException("no replica named " + name);
    }

    private record Decision(String replica, List<Compare> fencing, boolean committed) {
    }
}
