package io.egressfed.hub.ipam;

import com.google.protobuf.Timestamp;
import io.egressfed.api.v1alpha1.Allocation;
import io.egressfed.api.v1alpha1.EgressIPPool;
import io.egressfed.api.v1alpha1.EgressIntent;
import io.egressfed.api.v1alpha1.EgressIntentStatus;
import io.egressfed.hub.audit.AuditEvents;
import io.egressfed.hub.audit.AuditLog;
import io.egressfed.hub.ipam.AllocationProblem.Reason;
import io.egressfed.hub.state.AllocationChanges;
import io.egressfed.hub.state.RetriesExhaustedException;
import io.egressfed.hub.state.Snapshot;
import io.egressfed.hub.state.SnapshotReader;
import io.egressfed.hub.store.Codec;
import io.egressfed.hub.store.Compare;
import io.egressfed.hub.store.Keys;
import io.egressfed.hub.store.Store;
import io.egressfed.hub.store.Txn;
import io.egressfed.hub.store.TxnResult;
import io.egressfed.hub.store.TypedKeyValue;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Allocator} on a {@link Store}. Thread-safe; instances on several hub replicas may
 * reconcile the same intents at once: create-only allocation keys and compares on the intent and
 * pool revisions make every interleaving safe, and the loser re-reads and plans again.
 *
 * <p>Retries are bounded two ways. Losing an address to another writer means the pool made progress,
 * so such losses are retried up to {@value #MAX_ADDRESS_RACES} times (the pool fills up or the race
 * is won long before); any other conflict (the intent, pool or an inventory changed meanwhile) is
 * retried up to {@value #MAX_CONFLICTS} times.
 */
public final class StoreAllocator implements Allocator {

    /** Attempts beaten by changes to the intent, its pool or an inventory. */
    public static final int MAX_CONFLICTS = 20;

    /** Attempts beaten only because another writer claimed the same address first. */
    public static final int MAX_ADDRESS_RACES = 256;

    private static final Logger LOG = LoggerFactory.getLogger(StoreAllocator.class);
    private static final Codec<EgressIntent> INTENTS = Codec.of(EgressIntent.getDefaultInstance());

    private final Store store;
    private final Keys keys;
    private final AuditLog audit;
    private final Clock clock;
    private final SnapshotReader reader;

    /** Counts of beaten attempts so far. */
    private record Beaten(int conflicts, int addressRaces) {
        boolean exhausted() {
            return conflicts >= MAX_CONFLICTS || addressRaces >= MAX_ADDRESS_RACES;
        }

        int attempts() {
            return conflicts + addressRaces;
        }
    }

    /** A planned transaction and the result it yields once committed. */
    private record Write(Txn txn, AllocationResult result) {
    }

    /**
     * Creates the allocator.
     *
     * @param store the store
     * @param keys the key layout
     * @param audit the audit log whose records go into each allocation transaction
     * @param clock stamps allocations, assignments and conditions
     */
    public StoreAllocator(Store store, Keys keys, AuditLog audit, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.reader = new SnapshotReader(store, keys);
    }

    @Override
    public CompletableFuture<AllocationResult> reconcile(String intent, String actor) {
        Objects.requireNonNull(intent, "intent");
        if (Objects.requireNonNull(actor, "actor").isEmpty()) {
            throw new IllegalArgumentException("actor: required (who decides, for the audit log)");
        }
        return attempt(intent, actor, new Beaten(0, 0));
    }

    private CompletableFuture<AllocationResult> attempt(String name, String actor, Beaten beaten) {
        return reader.read().thenCompose(snapshot -> {
            TypedKeyValue<EgressIntent> intent = snapshot.intents().get(name);
            if (intent == null) {
                return CompletableFuture.completedFuture(AllocationResult.intentAbsent(name));
            }
            Timestamp now = now();
            Plan plan = AllocationPlanner.plan(intent.value(), snapshot, now);
            AllocationChanges changes = new AllocationChanges(keys, audit, actor);
            plan.claims().forEach(changes::claim);
            plan.releases().forEach(release -> changes.release(release.allocation(), release.reason()));
            Write write = fits(plan, changes)
                    ? planned(intent, snapshot, plan, changes, now)
                    : statusOnly(intent, tooManyChanges(name, plan, changes), currentAllocations(snapshot, name), now);
            if (write.txn().ops().isEmpty()) {
                return CompletableFuture.completedFuture(write.result());
            }
            return store.commit(write.txn()).thenCompose(committed -> {
                if (committed.succeeded()) {
                    return CompletableFuture.completedFuture(write.result());
                }
                Beaten next = onlyAddressesLost(committed, changes)
                        ? new Beaten(beaten.conflicts(), beaten.addressRaces() + 1)
                        : new Beaten(beaten.conflicts() + 1, beaten.addressRaces());
                if (next.exhausted()) {
                    throw new RetriesExhaustedException(AuditEvents.INTENT_KIND, name, next.attempts(), conflictKeys(committed));
                }
                LOG.debug("allocation for intent {} beaten on {}; planning again", name, conflictKeys(committed));
                return attempt(name, actor, next);
            });
        });
    }

    /** The transaction of a plan: allocation changes, the intent's status, and the compares it rests on. */
    private Write planned(TypedKeyValue<EgressIntent> intent, Snapshot snapshot, Plan plan, AllocationChanges changes,
                          Timestamp now) {
        List<Allocation> resulting = plan.resulting();
        EgressIntentStatus status = IntentStatuses.next(intent.value(), resulting, plan.problems(), now);
        String name = intent.value().getMetadata().getName();
        AllocationResult result = plan.problems().isEmpty()
                ? AllocationResult.allocated(name, resulting)
                : AllocationResult.failed(name, resulting, plan.problems());
        if (!plan.changesAllocations() && status.equals(intent.value().getStatus())) {
            return new Write(Txn.builder().build(), result);
        }
        Txn.Builder txn = Txn.when(Compare.modRevision(intent.key(), intent.modRevision()));
        if (!plan.claims().isEmpty()) {
            // Claims were chosen from this version of the pool and routed by its selector.
            TypedKeyValue<EgressIPPool> pool = snapshot.pools().get(plan.claims().get(0).getPool());
            txn.when(Compare.modRevision(pool.key(), pool.modRevision()));
        }
        for (String cluster : plan.inventoryClusters()) {
            String key = keys.inventory(cluster);
            txn.when(Compare.modRevision(key, snapshot.inventories().get(cluster).modRevision()));
        }
        changes.appendTo(txn);
        txn.then(INTENTS.put(intent.key(), intent.value().toBuilder().setStatus(status).build()));
        return new Write(txn.build(), result);
    }

    /** A write of the intent's status alone, for outcomes that change no allocation. */
    private Write statusOnly(TypedKeyValue<EgressIntent> intent, AllocationProblem problem, List<Allocation> held,
                             Timestamp now) {
        EgressIntentStatus status = IntentStatuses.next(intent.value(), held, List.of(problem), now);
        AllocationResult result = AllocationResult.failed(intent.value().getMetadata().getName(), held, List.of(problem));
        if (status.equals(intent.value().getStatus())) {
            return new Write(Txn.builder().build(), result);
        }
        return new Write(Txn.when(Compare.modRevision(intent.key(), intent.modRevision()))
                .then(INTENTS.put(intent.key(), intent.value().toBuilder().setStatus(status).build()))
                .build(), result);
    }

    /** Whether the plan's transaction stays within etcd's limits: it is never split, never half-written. */
    private static boolean fits(Plan plan, AllocationChanges changes) {
        int compares = 1 + (plan.claims().isEmpty() ? 0 : 1) + plan.inventoryClusters().size() + changes.compareCount();
        int ops = 1 + changes.opCount();
        return compares <= Txn.MAX_OPS && ops <= Txn.MAX_OPS;
    }

    private static AllocationProblem tooManyChanges(String intent, Plan plan, AllocationChanges changes) {
        return new AllocationProblem(Reason.TOO_MANY_CHANGES, "", "intent " + intent + " needs "
                + plan.claims().size() + " allocations and " + plan.releases().size() + " releases at once ("
                + (1 + changes.opCount()) + " operations), above the limit of " + Txn.MAX_OPS
                + " operations per transaction (etcd --max-txn-ops); nothing was allocated or released");
    }

    private static List<Allocation> currentAllocations(Snapshot snapshot, String intent) {
        return snapshot.allocations().values().stream()
                .map(TypedKeyValue::value)
                .filter(allocation -> allocation.getIntent().equals(intent))
                .sorted(Plan.BY_CLUSTER_THEN_IP)
                .toList();
    }

    /** True when every failed compare was a claimed address found taken: the pool made progress. */
    private boolean onlyAddressesLost(TxnResult result, AllocationChanges changes) {
        List<String> claimedKeys = changes.claimed().stream().map(claim -> keys.alloc(claim.getIp())).toList();
        return result.failedCompares().stream()
                .allMatch(compare -> compare.equals(Compare.absent(compare.key())) && claimedKeys.contains(compare.key()));
    }

    private static String conflictKeys(TxnResult result) {
        return result.failedCompares().stream().map(Compare::key).distinct().collect(Collectors.joining(", "));
    }

    private Timestamp now() {
        Instant instant = clock.instant();
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }
}
