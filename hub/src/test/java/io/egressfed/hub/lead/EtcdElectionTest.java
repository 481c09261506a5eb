package io.egressfed.hub.lead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@RealEtcd
class EtcdElectionTest {

    private static final Duration TTL = Duration.ofSeconds(2);

    private final Keys keys = new Keys("/election-" + UUID.randomUUID() + "/");
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);

    @AfterEach
    void stopScheduler() {
        scheduler.shutdownNow();
    }

    @Test
    void oneOfTwoCandidatesLeadsAndTheOtherTakesOverWhenItResigns(EtcdLauncher etcd) throws Exception {
        try (Client first = client(etcd); Client second = client(etcd);
             EtcdElection a = new EtcdElection(first, keys, TTL, scheduler);
             EtcdElection b = new EtcdElection(second, keys, TTL, scheduler)) {
            Leadership leader = a.campaign("coordinator", "replica-a").get(10, TimeUnit.SECONDS);
            CompletableFuture<Leadership> waiting = b.campaign("coordinator", "replica-b");

            assertThat(b.leader("coordinator").get(5, TimeUnit.SECONDS)).contains("replica-a");
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> !waiting.isDone());

            leader.resign().get(5, TimeUnit.SECONDS);
            assertThat(leader.lost()).isDone();
            Leadership next = waiting.get(10, TimeUnit.SECONDS);
            assertThat(next.candidateId()).isEqualTo("replica-b");
            assertThat(next.fencingToken()).isGreaterThan(leader.fencingToken());
            assertThat(a.leader("coordinator").get(5, TimeUnit.SECONDS)).contains("replica-b");
        }
    }

    @Test
    void aLeaderCutOffFromEtcdLosesAndItsFencedWritesAreRejected(EtcdLauncher etcd) throws Exception {
        try (Client survivorClient = client(etcd); EtcdStore store = new EtcdStore(survivorClient);
             EtcdElection survivor = new EtcdElection(survivorClient, keys, TTL, scheduler)) {
            Client doomedClient = client(etcd);
            EtcdElection doomed = new EtcdElection(doomedClient, keys, TTL, scheduler);
            Leadership deposed = doomed.campaign("coordinator", "replica-a").get(10, TimeUnit.SECONDS);
            CompletableFuture<Leadership> waiting = survivor.campaign("coordinator", "replica-b");
            String decision = keys.placement("payments");
            assertThat(commit(store, deposed, decision, "by-a").succeeded()).isTrue();

            long cutAt = System.nanoTime();
            doomedClient.close(); // no resignation: keep-alives simply stop
            deposed.lost().get(10, TimeUnit.SECONDS);
            Leadership next = waiting.get(15, TimeUnit.SECONDS);
            System.out.printf("keep-alive stopped -> new leader after %d ms%n",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - cutAt));

            TxnResult stale = commit(store, deposed, decision, "late-by-a");
            assertThat(stale.succeeded()).isFalse();
            assertThat(stale.failedCompares()).containsExactlyElementsOf(deposed.fencing());
            assertThat(commit(store, next, decision, "by-b").succeeded()).isTrue();
            assertThat(store.get(decision).get(5, TimeUnit.SECONDS).map(kv -> new String(kv.value(),
                    StandardCharsets.UTF_8))).isEqualTo(Optional.of("by-b"));
            doomed.close();
        }
    }

    private static TxnResult commit(EtcdStore store, Leadership leadership, String key, String value) throws Exception {
        return store.commit(Txn.builder().when(leadership.fencing())
                .then(Op.put(key, value.getBytes(StandardCharsets.UTF_8))).build()).get(10, TimeUnit.SECONDS);
    }

    private static Client client(EtcdLauncher etcd) {
        return Client.builder().endpoints(etcd.endpoint()).build();
    }
}
