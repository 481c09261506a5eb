package io.egressfed.hub.lead;

import io.egressfed.hub.store.Compare;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Won leadership of one election, valid until {@link #lost()} completes. */
public interface Leadership {

    /** @return the election's name */
    String name();

    /** @return the candidate that won */
    String candidateId();

    /** @return the create revision of the election key this leader holds: its fencing token */
    long fencingToken();

    /**
     * The compares every write of this leader must carry: they hold only while this leader's key
     * incarnation still exists, so etcd rejects a deposed leader's transaction.
     *
     * @return the compares
     */
    List<Compare> fencing();

    /**
     * Completes when this leadership ends: the lease expired or its keep-alive failed, the key was
     * deleted, or {@link #resign()} was called. Never completes exceptionally.
     *
     * @return the future
     */
    CompletableFuture<Void> lost();

    /**
     * Gives the leadership up: deletes the key so another candidate wins at once. Idempotent.
     *
     * @return completes once the key is deleted (or could not be: the lease then expires on its own)
     */
    CompletableFuture<Void> resign();
}
