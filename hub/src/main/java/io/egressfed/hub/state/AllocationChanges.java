package io.egressfed.hub.state;

import io.egressfed.api.v1alpha1.Allocation;
import io.egressfed.hub.audit.AuditEvents;
import io.egressfed.hub.audit.AuditLog;
import io.egressfed.hub.store.Codec;
import io.egressfed.hub.store.Compare;
import io.egressfed.hub.store.Keys;
import io.egressfed.hub.store.Op;
import io.egressfed.hub.store.Txn;
import io.egressfed.hub.store.TypedKeyValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The writes of allocating and releasing addresses, collected for one transaction:
 * <ul>
 *   <li>a claim is create-only ({@code alloc/<ip>} must be absent), so two writers can never hold one
 *       address, whichever hub replica they run on;
 *   <li>a release deletes the allocation only at the revision it was read at;
 *   <li>each comes with its audit record, and touches its pool's guard
 *       ({@link Keys#poolAllocations(String)}) once, so a concurrent shrink of the pool fails.
 * </ul>
 * Not thread-safe: one instance per transaction being built.
 */
public final class AllocationChanges {

    /** Operations one claim or release adds (the allocation and its audit record), pool guards aside. */
    public static final int OPS_PER_CHANGE = 1 + AuditLog.MAX_OPS_PER_RECORD;

    private static final Codec<Allocation> CODEC = Codec.of(Allocation.getDefaultInstance());

    private final Keys keys;
    private final AuditLog audit;
    private final String actor;
    private final List<Compare> compares = new ArrayList<>();
    private final List<Op> ops = new ArrayList<>();
    private final SortedSet<String> pools = new TreeSet<>();
    private final List<Allocation> claimed = new ArrayList<>();
    private final List<Allocation> released = new ArrayList<>();

    /**
     * Starts an empty set of changes.
     *
     * @param keys the key layout
     * @param audit the log whose records go into the same transaction
     * @param actor who makes the changes, for the audit records
     */
    public AllocationChanges(Keys keys, AuditLog audit, String actor) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.actor = Objects.requireNonNull(actor, "actor");
    }

    /**
     * Claims an address: the transaction fails if anyone holds it by then.
     *
     * @param allocation the new allocation (ip, pool, intent, cluster, allocatedAt)
     */
    public void claim(Allocation allocation) {
        String key = keys.alloc(allocation.getIp());
        compares.add(Compare.absent(key));
        ops.add(CODEC.put(key, allocation));
        ops.addAll(audit.append(AuditEvents.allocate(allocation, actor)));
        pools.add(allocation.getPool());
        claimed.add(allocation);
    }

    /**
     * Releases an address: the transaction fails if the allocation changed since it was read.
     *
     * @param stored the allocation as read, with its revisions
     * @param reason why it is released, for the audit record (e.g. {@code intent deleted})
     */
    public void release(TypedKeyValue<Allocation> stored, String reason) {
        compares.add(Compare.modRevision(stored.key(), stored.modRevision()));
        ops.add(Op.delete(stored.key()));
        ops.addAll(audit.append(AuditEvents.release(stored.value(), actor, reason)));
        pools.add(stored.value().getPool());
        released.add(stored.value());
    }

    /**
     * Tells whether nothing is claimed or released.
     *
     * @return true when there are no changes
     */
    public boolean isEmpty() {
        return claimed.isEmpty() && released.isEmpty();
    }

    /**
     * The claimed allocations, in claim order.
     *
     * @return the claims
     */
    public List<Allocation> claimed() {
        return List.copyOf(claimed);
    }

    /**
     * The released allocations, in release order.
     *
     * @return the releases
     */
    public List<Allocation> released() {
        return List.copyOf(released);
    }

    /**
     * Operations {@link #appendTo} adds, for checking {@link Txn#MAX_OPS} before committing.
     *
     * @return the number of operations
     */
    public int opCount() {
        return ops.size() + pools.size();
    }

    /**
     * Compares {@link #appendTo} adds.
     *
     * @return the number of compares
     */
    public int compareCount() {
        return compares.size();
    }

    /**
     * Adds the compares and writes to a transaction.
     *
     * @param txn the transaction being built
     * @return the same builder
     */
    public Txn.Builder appendTo(Txn.Builder txn) {
        txn.when(compares).then(ops);
        for (String pool : pools) {
            txn.then(Op.put(keys.poolAllocations(pool), new byte[0]));
        }
        return txn;
    }
}
