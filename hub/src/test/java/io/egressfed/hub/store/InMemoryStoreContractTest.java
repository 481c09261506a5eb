package io.egressfed.hub.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class InMemoryStoreContractTest extends StoreContractTest {

    @Override
    protected Store newStore() {
        return new InMemoryStore();
    }

    @Override
    protected void loseConnection(Store store) {
        ((InMemoryStore) store).interruptWatches();
    }

    @Test
    void boundedHistoryCompactsTheOldestRevisionsAutomatically() throws Exception {
        try (InMemoryStore small = new InMemoryStore(3)) {
            long first = done(small.put(key("a"), utf8("1")));
            done(small.put(key("a"), utf8("2")));
            done(small.put(key("a"), utf8("3")));
            long fourth = done(small.put(key("a"), utf8("4")));

            RecordingWatchListener tooOld = new RecordingWatchListener();
            small.watch(prefix, first, tooOld);
            RecordingWatchListener retained = new RecordingWatchListener();
            small.watch(prefix, first + 1, retained);

            await().atMost(Duration.ofSeconds(10)).until(() -> tooOld.compactRevision() != null);
            assertThat(tooOld.compactRevision()).isEqualTo(first + 1);
            await().atMost(Duration.ofSeconds(10)).until(() -> retained.events().size() == 3);
            assertThat(retained.events().get(2).revision()).isEqualTo(fourth);
        }
    }

    @Test
    void closedStoreRefusesOperations() {
        Store closed = new InMemoryStore();
        closed.close();

        assertThat(closed.get(key("a"))).isCompletedExceptionally();
        assertThat(closed.commit(Txn.of(Op.put(key("a"), utf8("1"))))).isCompletedExceptionally();
    }
}
