package io.egressfed.hub.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.egressfed.hub.store.ResyncListener.SnapshotReason;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link Store} must have; run against each implementation. Each test works
 * under its own random prefix, so implementations may share one backend across tests.
 */
abstract class StoreContractTest extends StoreTestFixture {

    // ---- reads and writes

    @Test
    void putThenGetReturnsTheValueWithItsRevisionsAndVersion() throws Exception {
        long first = done(store.put(key("a"), utf8("one")));
        long second = done(store.put(key("a"), utf8("two")));

        KeyValue kv = done(store.get(key("a"))).orElseThrow();
        assertThat(kv.valueUtf8()).isEqualTo("two");
        assertThat(kv.createRevision()).isEqualTo(first);
        assertThat(kv.modRevision()).isEqualTo(second);
        assertThat(kv.version()).isEqualTo(2);
        assertThat(done(store.get(key("missing")))).isEmpty();
    }

    @Test
    void listReturnsOnlyKeysUnderThePrefixInByteOrderWithTheReadRevision() throws Exception {
        done(store.put(key("b"), utf8("2")));
        done(store.put(key("a"), utf8("1")));
        // U+1F600 sorts after U+FFFD in UTF-8 byte order although String.compareTo says otherwise.
        done(store.put(key("\uD83D\uDE00"), utf8("emoji")));
        done(store.put(key("\uFFFD"), utf8("replacement")));
        done(store.put(prefix.substring(0, prefix.length() - 1) + "-sibling/x", utf8("outside")));
        long last = done(store.put(key("c"), utf8("3")));

        Listing listing = done(store.list(prefix));

        assertThat(listing.items()).extracting(KeyValue::key)
                .containsExactly(key("a"), key("b"), key("c"), key("\uFFFD"), key("\uD83D\uDE00"));
        assertThat(listing.revision()).isEqualTo(last);
        assertThat(listing.asMap().get(key("b")).valueUtf8()).isEqualTo("2");
    }

    @Test
    void listOfALargePrefixIsCompleteAndConsistent() throws Exception {
        for (int batch = 0; batch < 12; batch++) {
            Txn.Builder txn = Txn.builder();
            for (int i = 0; i < 100; i++) {
                txn.then(Op.put(key(String.format("item-%05d", batch * 100 + i)), utf8("v" + i)));
            }
            done(store.commit(txn.build()));
        }

        Listing listing = done(store.list(prefix));

        assertThat(listing.items()).hasSize(1200);
        assertThat(listing.items()).extracting(KeyValue::key).isSorted();
        assertThat(listing.revision()).isEqualTo(done(store.currentRevision()));
    }

    @Test
    void revisionsGrowByOnePerChangingTransactionOnly() throws Exception {
        long start = done(store.currentRevision());

        long put = done(store.put(key("a"), utf8("1")));
        long multi = done(store.commit(Txn.of(Op.put(key("b"), utf8("2")), Op.put(key("c"), utf8("3"))))).revision();
        long noOpDelete = done(store.delete(key("never-written")));
        TxnResult failed = done(store.commit(Txn.when(Compare.absent(key("a"))).then(Op.put(key("a"), utf8("x"))).build()));

        assertThat(put).isEqualTo(start + 1);
        assertThat(multi).isEqualTo(start + 2);
        assertThat(noOpDelete).isEqualTo(start + 2);
        assertThat(failed.revision()).isEqualTo(start + 2);
        assertThat(done(store.currentRevision())).isEqualTo(start + 2);
        assertThat(done(store.get(key("b"))).orElseThrow().modRevision())
                .isEqualTo(done(store.get(key("c"))).orElseThrow().modRevision());
    }

    // ---- transactions

    @Test
    void compareAndSwapOnModRevisionSucceedsOnceAndFailsWhenStale() throws Exception {
        long read = done(store.put(key("placement"), utf8("epoch-1")));
        Txn swap = Txn.when(Compare.modRevision(key("placement"), read))
                .then(Op.put(key("placement"), utf8("epoch-2"))).build();

        TxnResult won = done(store.commit(swap));
        TxnResult stale = done(store.commit(Txn.when(Compare.modRevision(key("placement"), read))
                .then(Op.put(key("placement"), utf8("epoch-2-again"))).build()));

        assertThat(won.succeeded()).isTrue();
        assertThat(won.failedCompares()).isEmpty();
        assertThat(stale.succeeded()).isFalse();
        assertThat(stale.failedCompares()).containsExactly(Compare.modRevision(key("placement"), read));
        KeyValue current = done(store.get(key("placement"))).orElseThrow();
        assertThat(current.valueUtf8()).isEqualTo("epoch-2");
        assertThat(current.modRevision()).isEqualTo(won.revision());
    }

    @Test
    void failedTransactionReportsOnlyTheFailedComparesAndWritesNothing() throws Exception {
        long fence = done(store.put(key("leader"), utf8("me")));

        TxnResult result = done(store.commit(Txn.when(
                        Compare.createRevision(key("leader"), fence),
                        Compare.present(key("missing")),
                        Compare.version(key("leader"), 1))
                .then(Op.put(key("x"), utf8("1")), Op.delete(key("leader")))
                .build()));

        assertThat(result.succeeded()).isFalse();
        assertThat(result.failedCompares()).containsExactly(Compare.present(key("missing")));
        assertThat(done(store.get(key("x")))).isEmpty();
        assertThat(done(store.get(key("leader")))).isPresent();
        assertThat(done(store.currentRevision())).isEqualTo(fence);
    }

    @Test
    void createIfAbsentHasExactlyOneWinnerAmongRacingWriters() throws Exception {
        int writers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<TxnResult>> attempts = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                String claimant = "writer-" + i;
                attempts.add(pool.submit(() -> {
                    go.await();
                    return done(store.commit(Txn.when(Compare.absent(key("alloc")))
                            .then(Op.put(key("alloc"), utf8(claimant))).build()));
                }));
            }
            go.countDown();
            List<Integer> winners = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                if (attempts.get(i).get(30, TimeUnit.SECONDS).succeeded()) {
                    winners.add(i);
                }
            }

            assertThat(winners).hasSize(1);
            KeyValue stored = done(store.get(key("alloc"))).orElseThrow();
            assertThat(stored.valueUtf8()).isEqualTo("writer-" + winners.get(0));
            assertThat(stored.version()).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void deleteRemovesTheKeyAndDeletePrefixOnlyItsPrefix() throws Exception {
        done(store.put(key("keep"), utf8("1")));
        done(store.put(key("gone"), utf8("2")));
        done(store.put(key("dir/one"), utf8("3")));
        done(store.put(key("dir/two"), utf8("4")));
        done(store.put(key("dirt"), utf8("5")));

        done(store.delete(key("gone")));
        done(store.commit(Txn.of(Op.deletePrefix(key("dir/")))));

        assertThat(done(store.list(prefix)).items()).extracting(KeyValue::key)
                .containsExactly(key("dirt"), key("keep"));
    }

    @Test
    void recreatedKeyStartsANewIncarnation() throws Exception {
        done(store.put(key("a"), utf8("1")));
        done(store.put(key("a"), utf8("2")));
        done(store.delete(key("a")));
        long recreated = done(store.put(key("a"), utf8("3")));

        KeyValue kv = done(store.get(key("a"))).orElseThrow();
        assertThat(kv.createRevision()).isEqualTo(recreated);
        assertThat(kv.version()).isEqualTo(1);
    }

    @Test
    void transactionOverTheOpLimitIsRejectedAndWritesNothing() throws Exception {
        List<Op> tooMany = IntStream.range(0, Txn.MAX_OPS + 1).mapToObj(i -> (Op) Op.put(key("k" + i), utf8("v"))).toList();
        List<Op> justEnough = tooMany.subList(0, Txn.MAX_OPS);

        assertThatThrownBy(() -> done(store.commit(new Txn(List.of(), tooMany))))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(InvalidTxnException.class)
                .hasMessageContaining("txn.ops: 129 operations exceed the limit of 128");
        assertThat(done(store.list(prefix)).items()).isEmpty();

        assertThat(done(store.commit(new Txn(List.of(), justEnough))).succeeded()).isTrue();
        assertThat(done(store.list(prefix)).items()).hasSize(Txn.MAX_OPS);
    }

    @Test
    void transactionWritingAKeyTwiceIsRejected() {
        Txn twice = Txn.of(Op.put(key("a"), utf8("1")), Op.deletePrefix(prefix));

        assertThatThrownBy(() -> done(store.commit(twice)))
                .cause()
                .isInstanceOf(InvalidTxnException.class)
                .hasMessageContaining("txn.ops[0]")
                .hasMessageContaining("also deleted by txn.ops[1]");
    }

    // ---- watches

    @Test
    void watchFromAPastRevisionReplaysHistoryInOrderWithPreviousValues() throws Exception {
        long start = done(store.currentRevision()) + 1;
        done(store.put(key("a"), utf8("1")));
        done(store.put(key("a"), utf8("2")));
        long deleted = done(store.delete(key("a")));
        long pair = done(store.commit(Txn.of(Op.put(key("b"), utf8("b")), Op.put(key("c"), utf8("c"))))).revision();
        done(store.put("/elsewhere-" + UUID.randomUUID(), utf8("not watched")));

        RecordingWatchListener recorder = new RecordingWatchListener();
        try (Watch watch = store.watch(prefix, start, recorder)) {
            await().atMost(PATIENCE).until(() -> recorder.events().size() >= 5);
            long live = done(store.put(key("d"), utf8("live")));
            await().atMost(PATIENCE).until(() -> recorder.events().size() >= 6);

            List<WatchEvent> events = recorder.events();
            assertThat(events).extracting(WatchEvent::type).containsExactly(
                    WatchEvent.Type.PUT, WatchEvent.Type.PUT, WatchEvent.Type.DELETE,
                    WatchEvent.Type.PUT, WatchEvent.Type.PUT, WatchEvent.Type.PUT);
            assertThat(events).extracting(WatchEvent::revision)
                    .containsExactly(start, start + 1, deleted, pair, pair, live);
            assertThat(events.get(0).prevKv()).isEmpty();
            assertThat(events.get(1).prevKv().orElseThrow().valueUtf8()).isEqualTo("1");
            assertThat(events.get(1).kv().version()).isEqualTo(2);
            assertThat(events.get(2).key()).isEqualTo(key("a"));
            assertThat(events.get(2).prevKv().orElseThrow().valueUtf8()).isEqualTo("2");
            assertThat(events.get(2).kv().valueSize()).isZero();
            assertThat(events.get(3).key()).isEqualTo(key("b"));
            assertThat(events.get(4).key()).isEqualTo(key("c"));
            assertThat(recorder.error()).isNull();
            assertThat(recorder.compactRevision()).isNull();
        }
    }

    @Test
    void closedWatchDeliversNothingMore() throws Exception {
        RecordingWatchListener first = new RecordingWatchListener();
        Watch watch = store.watch(prefix, done(store.currentRevision()) + 1, first);
        done(store.put(key("a"), utf8("1")));
        await().atMost(PATIENCE).until(() -> first.events().size() == 1);

        watch.close();
        RecordingWatchListener second = new RecordingWatchListener();
        try (Watch witness = store.watch(prefix, done(store.currentRevision()) + 1, second)) {
            done(store.put(key("a"), utf8("2")));
            await().atMost(PATIENCE).until(() -> second.events().size() == 1);
        }

        assertThat(watch.isClosed()).isTrue();
        assertThat(first.events()).hasSize(1);
        assertThat(first.error()).isNull();
    }

    @Test
    void watchFromACompactedRevisionReportsTheCompaction() throws Exception {
        long start = done(store.put(key("a"), utf8("1")));
        done(store.put(key("a"), utf8("2")));
        long compactAt = done(store.put(key("a"), utf8("3")));
        done(store.compact(compactAt));

        RecordingWatchListener recorder = new RecordingWatchListener();
        Watch watch = store.watch(prefix, start, recorder);

        await().atMost(PATIENCE).until(() -> recorder.compactRevision() != null);
        assertThat(recorder.compactRevision()).isEqualTo(compactAt);
        assertThat(recorder.events()).isEmpty();
        await().atMost(PATIENCE).until(watch::isClosed);
    }

    @Test
    void compactionRefusesFutureAndAlreadyCompactedRevisions() throws Exception {
        long current = done(store.put(key("a"), utf8("1")));
        done(store.compact(current));

        assertThatThrownBy(() -> done(store.compact(current + 1000)))
                .cause().isInstanceOf(IllegalArgumentException.class).hasMessageContaining("beyond the current revision");
        assertThatThrownBy(() -> done(store.compact(current)))
                .cause().isInstanceOf(RevisionCompactedException.class).hasMessageContaining("compacted");
    }

    // ---- resyncing watcher

    @Test
    void resyncingWatcherDeliversASnapshotThenEveryChange() throws Exception {
        done(store.put(key("existing"), utf8("0")));
        MirroringListener mirror = new MirroringListener();
        try (ResyncingWatcher watcher = newWatcher(mirror)) {
            done(watcher.start());
            assertThat(mirror.state()).containsOnlyKeys(key("existing"));

            done(store.put(key("a"), utf8("1")));
            done(store.delete(key("existing")));
            long last = done(store.put(key("a"), utf8("2")));

            awaitMirrorEqualsStore(mirror);
            await().atMost(PATIENCE).until(() -> watcher.lastSeenRevision() == last);
            assertThat(mirror.snapshots()).containsExactly(SnapshotReason.INITIAL);
            assertThat(metrics.relists(prefix)).isZero();
        }
    }

    @Test
    void resyncingWatcherResumesAfterALostConnectionWithoutRelisting() throws Exception {
        MirroringListener mirror = new MirroringListener();
        try (ResyncingWatcher watcher = newWatcher(mirror)) {
            done(watcher.start());
            done(store.put(key("before"), utf8("1")));
            awaitMirrorEqualsStore(mirror);

            loseConnection(store);
            done(store.put(key("after"), utf8("2")));
            done(store.delete(key("before")));

            awaitMirrorEqualsStore(mirror);
            assertThat(mirror.snapshots()).containsExactly(SnapshotReason.INITIAL);
            assertThat(metrics.relists(prefix)).isZero();
            assertThat(mirror.orderViolations()).isEmpty();
        }
    }

    @Test
    void consumerDownDuringThousandWritesAndCompactionRecoversByRelisting() throws Exception {
        MirroringListener mirror = new MirroringListener();
        long resumeFrom;
        try (ResyncingWatcher before = newWatcher(mirror)) {
            done(before.start());
            for (int i = 0; i < 50; i++) {
                done(store.put(key("seed-" + i), utf8("seed")));
            }
            awaitMirrorEqualsStore(mirror);
            resumeFrom = before.lastSeenRevision();
        }

        Map<String, String> expected = new HashMap<>(mirror.state());
        for (int i = 0; i < 1000; i++) {
            if (i % 4 == 3) {
                String victim = key("item-" + (i * 7 % 150));
                done(store.delete(victim));
                expected.remove(victim);
            } else {
                String target = key("item-" + (i % 150));
                done(store.put(target, utf8("v" + i)));
                expected.put(target, "v" + i);
            }
        }
        done(store.commit(Txn.of(Op.deletePrefix(key("seed-1")))));
        expected.keySet().removeIf(k -> k.startsWith(key("seed-1")));
        long compactAt = done(store.currentRevision());
        done(store.compact(compactAt));

        try (ResyncingWatcher after = newWatcher(mirror)) {
            after.resumeFrom(resumeFrom);

            awaitMirrorEqualsStore(mirror);
            assertThat(mirror.state()).isEqualTo(expected);
            assertThat(mirror.snapshots()).containsExactly(SnapshotReason.INITIAL, SnapshotReason.COMPACTED);
            assertThat(metrics.relists(prefix)).isEqualTo(1);

            done(store.put(key("after-recovery"), utf8("live")));
            await().atMost(PATIENCE).until(() -> "live".equals(mirror.state().get(key("after-recovery"))));
            assertThat(mirror.orderViolations()).isEmpty();
        }
    }

    @Test
    void consumerThatThrowsIsHandedAFreshSnapshot() throws Exception {
        AtomicBoolean failOnce = new AtomicBoolean(true);
        MirroringListener mirror = new MirroringListener() {
            @Override
            public synchronized void onEvents(List<WatchEvent> events) {
                if (failOnce.getAndSet(false)) {
                    throw new IllegalStateException("consumer bug");
                }
                super.onEvents(events);
            }
        };
        try (ResyncingWatcher watcher = newWatcher(mirror)) {
            done(watcher.start());
            done(store.put(key("lost-by-consumer"), utf8("1")));

            awaitMirrorEqualsStore(mirror);
            assertThat(mirror.state()).containsKey(key("lost-by-consumer"));
            assertThat(mirror.snapshots()).containsExactly(SnapshotReason.INITIAL, SnapshotReason.LISTENER_FAILED);
            assertThat(metrics.relists(prefix)).isEqualTo(1);
        }
    }
}
