package io.egressfed.hub.state;

import io.egressfed.hub.store.ForwardingStore;
import io.egressfed.hub.store.Store;
import io.egressfed.hub.store.Txn;
import io.egressfed.hub.store.TxnResult;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * A store that runs an action just before one chosen transaction is committed, to force an
 * interleaving: "another replica writes between my read and my commit".
 */
public final class InterceptingStore extends ForwardingStore {

    private record Interception(Predicate<Txn> matching, Runnable action) {
    }

    private final AtomicReference<Interception> pending = new AtomicReference<>();

    /**
     * Wraps a store.
     *
     * @param delegate where every call goes
     */
    public InterceptingStore(Store delegate) {
        super(delegate);
    }

    /**
     * Runs {@code action} (synchronously) before the next commit that {@code matching} accepts; once.
     *
     * @param matching chooses the transaction
     * @param action what happens in between
     */
    public void beforeNextCommit(Predicate<Txn> matching, Runnable action) {
        pending.set(new Interception(matching, action));
    }

    /**
     * Tells whether the interception has run.
     *
     * @return true once the action ran
     */
    public boolean intercepted() {
        return pending.get() == null;
    }

    @Override
    public CompletableFuture<TxnResult> commit(Txn txn) {
        Interception interception = pending.get();
        if (interception != null && interception.matching().test(txn) && pending.compareAndSet(interception, null)) {
            interception.action().run();
        }
        return super.commit(txn);
    }
}
