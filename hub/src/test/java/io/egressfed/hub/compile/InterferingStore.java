package io.egressfed.hub.compile;

import io.egressfed.hub.store.ForwardingStore;
import io.egressfed.hub.store.Store;
import io.egressfed.hub.store.Txn;
import io.egressfed.hub.store.TxnResult;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A store that lets another writer in between a publisher's read and its commit: before each of the
 * next {@code n} commits it runs the interference against the real store.
 */
final class InterferingStore extends ForwardingStore {

    private final AtomicInteger interferences = new AtomicInteger();
    private final AtomicInteger commits = new AtomicInteger();
    private volatile Runnable interference = () -> { };

    InterferingStore(Store delegate) {
        super(delegate);
    }

    void interfereBeforeNextCommits(int count, Runnable write) {
        interference = write;
        interferences.set(count);
    }

    int commits() {
        return commits.get();
    }

    @Override
    public CompletableFuture<TxnResult> commit(Txn txn) {
        if (interferences.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
            interference.run();
        }
        commits.incrementAndGet();
        return super.commit(txn);
    }
}
