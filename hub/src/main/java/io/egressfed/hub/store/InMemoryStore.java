package io.egressfed.hub.store;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link Store} in memory with etcd's semantics, for {@code --dev}, the demo and tests: one global
 * revision (starting at 1) bumped by each transaction that changes something, per-key create/mod
 * revision and version, atomic transactions, and an MVCC history that lets watches replay from a
 * past revision until it is compacted. To bound memory, only the last {@code retainedRevisions}
 * revisions are kept (older ones are compacted automatically, as etcd's auto-compaction would).
 *
 * <p>Thread-safe; operations complete before they return. Watch callbacks run asynchronously, in
 * revision order, on the store's own threads.
 */
public final class InMemoryStore implements Store {

    /** History kept by {@link #InMemoryStore()}. */
    public static final int DEFAULT_RETAINED_REVISIONS = 100_000;

    private final int retainedRevisions;
    private final ExecutorService callbackExecutor;
    private final Object lock = new Object();

    // Guarded by lock.
    private final NavigableMap<String, KeyValue> live = new TreeMap<>(KeyOrder.CODE_POINT);
    private final Deque<RevisionChanges> history = new ArrayDeque<>();
    private final Set<PrefixWatch> watches = ConcurrentHashMap.newKeySet();
    private long revision = 1;
    private long compactRevision;
    private boolean closed;

    /** The changes one revision made, in operation order. */
    private record RevisionChanges(long revision, List<WatchEvent> events) {
    }

    /** A registered watch: its prefix and where its callbacks go. */
    private record PrefixWatch(String prefix, WatchDelivery delivery) {
    }

    /**
     * A store keeping {@value #DEFAULT_RETAINED_REVISIONS} revisions of history.
     */
    public InMemoryStore() {
        this(DEFAULT_RETAINED_REVISIONS);
    }

    /**
     * A store keeping the given amount of history.
     *
     * @param retainedRevisions how many recent revisions watches can replay (at least 1)
     * @throws IllegalArgumentException when {@code retainedRevisions} is below 1
     */
    public InMemoryStore(int retainedRevisions) {
        if (retainedRevisions < 1) {
            throw new IllegalArgumentException("retainedRevisions: must be >= 1, got " + retainedRevisions);
        }
        this.retainedRevisions = retainedRevisions;
        this.callbackExecutor = Executors.newCachedThreadPool(daemonThreads());
    }

    @Override
    public CompletableFuture<Optional<KeyValue>> get(String key) {
        requireNonEmpty(key, "key");
        synchronized (lock) {
            if (closed) {
                return closedFuture();
            }
            return CompletableFuture.completedFuture(Optional.ofNullable(live.get(key)));
        }
    }

    @Override
    public CompletableFuture<Listing> list(String prefix) {
        requireNonEmpty(prefix, "prefix");
        synchronized (lock) {
            if (closed) {
                return closedFuture();
            }
            return CompletableFuture.completedFuture(new Listing(List.copyOf(underPrefix(prefix).values()), revision));
        }
    }

    @Override
    public CompletableFuture<Long> currentRevision() {
        synchronized (lock) {
            if (closed) {
                return closedFuture();
            }
            return CompletableFuture.completedFuture(revision);
        }
    }

    @Override
    public CompletableFuture<TxnResult> commit(Txn txn) {
        try {
            txn.validate();
        } catch (InvalidTxnException e) {
            return CompletableFuture.failedFuture(e);
        }
        synchronized (lock) {
            if (closed) {
                return closedFuture();
            }
            List<Compare> failed = txn.compares().stream()
                    .filter(compare -> !compare.holds(Optional.ofNullable(live.get(compare.key()))))
                    .toList();
            if (!failed.isEmpty()) {
                return CompletableFuture.completedFuture(new TxnResult(false, revision, failed));
            }
            List<WatchEvent> events = apply(txn.ops(), revision + 1);
            if (!events.isEmpty()) {
                revision++;
                record(new RevisionChanges(revision, events));
            }
            return CompletableFuture.completedFuture(new TxnResult(true, revision, List.of()));
        }
    }

    @Override
    public Watch watch(String prefix, long fromRevision, WatchListener listener) {
        requireNonEmpty(prefix, "prefix");
        if (fromRevision < 0) {
            throw new IllegalArgumentException("fromRevision: must be >= 0, got " + fromRevision);
        }
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("store is closed");
            }
            PrefixWatch[] self = new PrefixWatch[1];
            WatchDelivery delivery = new WatchDelivery(prefix, listener, callbackExecutor,
                    () -> watches.remove(self[0]));
            self[0] = new PrefixWatch(prefix, delivery);
            if (fromRevision != 0 && fromRevision < compactRevision) {
                delivery.compacted(compactRevision);
                return delivery;
            }
            // Replay and registration happen under the lock, so no change falls between them.
            long start = fromRevision == 0 ? revision + 1 : fromRevision;
            List<WatchEvent> replay = new ArrayList<>();
            for (RevisionChanges changes : history) {
                if (changes.revision() >= start) {
                    replay.addAll(matching(changes.events(), prefix));
                }
            }
            delivery.events(replay);
            watches.add(self[0]);
            return delivery;
        }
    }

    @Override
    public CompletableFuture<Void> compact(long compactTo) {
        synchronized (lock) {
            if (closed) {
                return closedFuture();
            }
            if (compactTo > revision) {
                return CompletableFuture.failedFuture(new IllegalArgumentException("compact revision: " + compactTo
                        + " is beyond the current revision " + revision));
            }
            if (compactTo <= compactRevision) {
                return CompletableFuture.failedFuture(new RevisionCompactedException(compactTo, compactRevision));
            }
            compactLocked(compactTo);
            return CompletableFuture.completedFuture(null);
        }
    }

    /**
     * Ends every open watch with {@link WatchListener#onError(Throwable)}, as a lost connection to
     * etcd would; data and history are untouched. For fault-injection in tests and demos.
     */
    public void interruptWatches() {
        List<PrefixWatch> open;
        synchronized (lock) {
            open = List.copyOf(watches);
        }
        for (PrefixWatch watch : open) {
            watch.delivery().failed(new StoreException("connection to the store lost (simulated)"));
        }
    }

    /**
     * Closes every watch (without callbacks), rejects later operations, stops the callback threads.
     */
    @Override
    public void close() {
        List<PrefixWatch> open;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            open = List.copyOf(watches);
        }
        open.forEach(watch -> watch.delivery().close());
        callbackExecutor.shutdown();
    }

    private List<WatchEvent> apply(List<Op> ops, long newRevision) {
        List<WatchEvent> events = new ArrayList<>();
        for (Op op : ops) {
            if (op instanceof Op.Put put) {
                KeyValue previous = live.get(put.key());
                KeyValue next = previous == null
                        ? new KeyValue(put.key(), put.value(), newRevision, newRevision, 1)
                        : new KeyValue(put.key(), put.value(), previous.createRevision(), newRevision,
                                previous.version() + 1);
                live.put(put.key(), next);
                events.add(new WatchEvent(WatchEvent.Type.PUT, next, Optional.ofNullable(previous)));
            } else if (op instanceof Op.Delete delete) {
                KeyValue previous = live.remove(delete.key());
                if (previous != null) {
                    events.add(deletion(previous, newRevision));
                }
            } else if (op instanceof Op.DeletePrefix deletePrefix) {
                Map<String, KeyValue> doomed = underPrefix(deletePrefix.prefix());
                for (KeyValue previous : List.copyOf(doomed.values())) {
                    live.remove(previous.key());
                    events.add(deletion(previous, newRevision));
                }
            }
        }
        return events;
    }

    private void record(RevisionChanges changes) {
        history.addLast(changes);
        for (PrefixWatch watch : watches) {
            watch.delivery().events(matching(changes.events(), watch.prefix()));
        }
        if (history.size() > retainedRevisions) {
            compactLocked(history.peekLast().revision() - retainedRevisions + 1);
        }
    }

    private void compactLocked(long compactTo) {
        while (!history.isEmpty() && history.peekFirst().revision() < compactTo) {
            history.removeFirst();
        }
        compactRevision = compactTo;
    }

    private Map<String, KeyValue> underPrefix(String prefix) {
        Map<String, KeyValue> result = new TreeMap<>(KeyOrder.CODE_POINT);
        for (Map.Entry<String, KeyValue> entry : live.tailMap(prefix, true).entrySet()) {
            if (!entry.getKey().startsWith(prefix)) {
                break;
            }
            result.put(entry.getKey(), entry.getValue());
        }
        return result;
    }

    private static WatchEvent deletion(KeyValue previous, long deleteRevision) {
        KeyValue tombstone = new KeyValue(previous.key(), new byte[0], 0, deleteRevision, 0);
        return new WatchEvent(WatchEvent.Type.DELETE, tombstone, Optional.of(previous));
    }

    private static List<WatchEvent> matching(List<WatchEvent> events, String prefix) {
        return events.stream().filter(event -> event.key().startsWith(prefix)).toList();
    }

    private static void requireNonEmpty(String value, String field) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(field + ": must not be empty");
        }
    }

    private static <T> CompletableFuture<T> closedFuture() {
        return CompletableFuture.failedFuture(new IllegalStateException("store is closed"));
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "in-memory-store-watch-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
