package io.egressfed.hub.compile;

import io.egressfed.hub.store.Listing;
import io.egressfed.hub.store.KeyValue;
import io.egressfed.hub.store.Store;
import io.egressfed.hub.store.Txn;
import io.egressfed.hub.store.TxnResult;
import io.egressfed.hub.store.Watch;
import io.egressfed.hub.store.WatchListener;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A store that lets another writer in between a publisher's read and its commit: before each of the
 * next {@code n} commits it runs the interference against the real store.
 */
final class InterferingStore implements Store {

    private final Store delegate;
    private final AtomicInteger interferences = new AtomicInteger();
    private final AtomicInteger commits = new AtomicInteger();
    private volatile Runnable interference = () -> { };

    InterferingStore(Store delegate) {
        this.delegate = delegate;
    }

    void interfereBeforeNextCommits(int count, Runnable write) {
        interference = write;
        interferences.set(count);
    }

    int commits() {
        return commits.get();
    }

    @Override
    public CompletableFuture<Optional<KeyValue>> get(String key) {
        return delegate.get(key);
    }

    @Override
    public CompletableFuture<Listing> list(String prefix) {
        return delegate.list(prefix);
    }

    @Override
    public CompletableFuture<Long> currentRevision() {
        return delegate.currentRevision();
    }

    @Override
    public CompletableFuture<TxnResult> commit(Txn txn) {
        if (interferences.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
            interference.run();
        }
        commits.incrementAndGet();
        return delegate.commit(txn);
    }

    @Override
    public Watch watch(String prefix, long fromRevision, WatchListener listener) {
        return delegate.watch(prefix, fromRevision, listener);
    }

    @Override
    public CompletableFuture<Void> compact(long revision) {
        return delegate.compact(revision);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
