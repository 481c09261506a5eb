package io.egressfed.hub.lead;

import io.egressfed.hub.store.Compare;
import io.egressfed.hub.store.KeyValue;
import io.egressfed.hub.store.Keys;
import io.egressfed.hub.store.Op;
import io.egressfed.hub.store.Store;
import io.egressfed.hub.store.Txn;
import io.egressfed.hub.store.Watch;
import io.egressfed.hub.store.WatchEvent;
import io.egressfed.hub.store.WatchListener;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link Election} for a single process on the {@link io.egressfed.hub.store.InMemoryStore}
 * ({@code --dev}, the demo): the election key is created if absent and has no lease, so leadership ends
 * only by {@link Leadership#resign()}, {@link #close()} or someone deleting the key. Fencing works
 * exactly as on etcd (the key's create revision), so code written against it behaves the same.
 */
public final class InMemoryElection implements Election {

    private static final Logger LOG = LoggerFactory.getLogger(InMemoryElection.class);

    private final Store store;
    private final Keys keys;
    private final Set<Candidacy> candidacies = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * Creates the election on a store the caller owns.
     *
     * @param store the store holding the election keys
     * @param keys where election keys live
     */
    public InMemoryElection(Store store, Keys keys) {
        this.store = Objects.requireNonNull(store, "store");
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    @Override
    public CompletableFuture<Leadership> campaign(String name, String candidateId) {
        String key = keys.leader(name);
        if (candidateId == null || candidateId.isEmpty()) {
            throw new IllegalArgumentException("candidateId: must not be empty");
        }
        if (closed.get()) {
            return CompletableFuture.failedFuture(new IllegalStateException("election is closed"));
        }
        Candidacy candidacy = new Candidacy(name, candidateId, key);
        candidacies.add(candidacy);
        candidacy.attempt();
        return candidacy.won;
    }

    @Override
    public CompletableFuture<Optional<String>> leader(String name) {
        return store.get(keys.leader(name))
                .thenApply(held -> held.map(kv -> new String(kv.value(), StandardCharsets.UTF_8)));
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            List.copyOf(candidacies).forEach(Candidacy::resign);
        }
    }

    /** One campaign and then its leadership. */
    private final class Candidacy implements Leadership {
        private final String name;
        private final String candidateId;
        private final String key;
        private final CompletableFuture<Leadership> won = new CompletableFuture<>();
        private final CompletableFuture<Void> lost = new CompletableFuture<>();
        private final AtomicBoolean ended = new AtomicBoolean();
        private volatile long fencingToken;
        private volatile Watch watch;

        Candidacy(String name, String candidateId, String key) {
            this.name = name;
            this.candidateId = candidateId;
            this.key = key;
        }

        void attempt() {
            if (ended.get()) {
                return;
            }
            store.commit(Txn.when(Compare.absent(key)).then(Op.put(key, candidateId.getBytes(StandardCharsets.UTF_8)))
                    .build()).thenCompose(result -> result.succeeded()
                            ? CompletableFuture.completedFuture(Optional.of(result.revision()))
                            : store.get(key).thenApply(held -> {
                                watchForDeletion(held.map(KeyValue::modRevision).orElse(result.revision()) + 1,
                                        this::attempt);
                                return Optional.<Long>empty();
                            }))
                    .whenComplete((createdAt, error) -> {
                        if (error != null) {
                            end("the store failed: " + error.getMessage());
                        } else if (createdAt.isPresent()) {
                            fencingToken = createdAt.get();
                            watchForDeletion(fencingToken + 1, () -> end("the election key was deleted"));
                            LOG.info("election {}: {} leads (fencing token {})", name, candidateId, fencingToken);
                            won.complete(this);
                        }
                    });
        }

        private void watchForDeletion(long fromRevision, Runnable onDeleted) {
            AtomicBoolean fired = new AtomicBoolean();
            Watch created = store.watch(key, fromRevision, new WatchListener() {
                @Override
                public void onEvents(List<WatchEvent> events) {
                    boolean deleted = events.stream().anyMatch(event -> event.key().equals(key)
                            && event.type() == WatchEvent.Type.DELETE);
                    if (deleted && fired.compareAndSet(false, true)) {
                        onDeleted.run();
                    }
                }

                @Override
                public void onCompacted(long compactRevision) {
                    if (fired.compareAndSet(false, true)) {
                        onDeleted.run();
                    }
                }

                @Override
                public void onError(Throwable error) {
                    end("the watch of the election key broke: " + error.getMessage());
                }
            });
            Watch previous = watch;
            watch = created;
            if (previous != null) {
                previous.close();
            }
            if (ended.get()) {
                created.close();
            }
        }

        private void end(String reason) {
            if (!ended.compareAndSet(false, true)) {
                return;
            }
            candidacies.remove(this);
            Watch current = watch;
            if (current != null) {
                current.close();
            }
            won.completeExceptionally(new IllegalStateException("election " + name + ": campaign of " + candidateId
                    + " ended: " + reason));
            lost.complete(null);
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String candidateId() {
            return candidateId;
        }

        @Override
        public long fencingToken() {
            return fencingToken;
        }

        @Override
        public List<Compare> fencing() {
            return List.of(Compare.createRevision(key, fencingToken));
        }

        @Override
        public CompletableFuture<Void> lost() {
            return lost;
        }

        @Override
        public CompletableFuture<Void> resign() {
            boolean leading = won.isDone() && !won.isCompletedExceptionally();
            end("resigned");
            if (!leading) {
                return CompletableFuture.completedFuture(null);
            }
            return store.commit(Txn.when(Compare.createRevision(key, fencingToken)).then(Op.delete(key)).build())
                    .handle((result, error) -> null);
        }
    }
}
