package io.egressfed.hub.ipam;

import java.util.concurrent.CompletableFuture;

/**
 * Brings an intent's address allocations in line with its spec, the pools, the member clusters and
 * their inventories (see the package documentation for the rules).
 */
public interface Allocator {

    /**
     * Reconciles one intent: keeps the allocations it still wants, releases the others, allocates
     * what is missing, and records the outcome in the intent's status ({@code Allocated} condition
     * and assignments) and in the audit log, all in one transaction. Idempotent: a second call with
     * nothing changed writes nothing.
     *
     * @param intent the intent's name
     * @param actor who decides, for the audit log (e.g. {@code coordinator})
     * @return the outcome; fails with {@link io.egressfed.hub.state.RetriesExhaustedException} when
     *     concurrent writers kept winning, or with {@link io.egressfed.hub.store.StoreException}
     */
    CompletableFuture<AllocationResult> reconcile(String intent, String actor);
}
