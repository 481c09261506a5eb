package io.egressfed.hub.store;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Delegates every call to another store; tests extend it and override only the calls they change
 * (to inject faults or force interleavings). {@link Store#put} and {@link Store#delete} are left to
 * their defaults on purpose, so they go through {@link #commit(Txn)} and its overrides.
 */
public class ForwardingStore implements Store {

    private final Store delegate;

    /**
     * Wraps a store.
     *
     * @param delegate where every call goes unless a subclass overrides it
     */
    public ForwardingStore(Store delegate) {
        this.delegate = delegate;
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
