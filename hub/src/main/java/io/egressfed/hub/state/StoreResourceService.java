package io.egressfed.hub.state;

import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import io.egressfed.api.v1alpha1.Allocation;
import io.egressfed.api.v1alpha1.AuditAction;
import io.egressfed.api.v1alpha1.ClusterInventory;
import io.egressfed.api.v1alpha1.ObjectMeta;
import io.egressfed.hub.audit.AuditEvents;
import io.egressfed.hub.audit.AuditLog;
import io.egressfed.hub.audit.ObjectDigest;
import io.egressfed.hub.net.K8sNames;
import io.egressfed.hub.store.Codec;
import io.egressfed.hub.store.Compare;
import io.egressfed.hub.store.Keys;
import io.egressfed.hub.store.Op;
import io.egressfed.hub.store.Store;
import io.egressfed.hub.store.Txn;
import io.egressfed.hub.store.TxnResult;
import io.egressfed.hub.store.TypedKeyValue;
import io.egressfed.hub.validate.ValidationError;
import io.egressfed.hub.validate.ValidationException;
import io.egressfed.hub.validate.Validator;
import io.egressfed.hub.validate.World;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * The {@link ResourceService} on a {@link Store}. Thread-safe; any number of instances (one per hub
 * replica) may write to one store at once.
 *
 * <p>Every pool, cluster and intent write puts and compares {@link Keys#resourceGuard()}, so resource
 * writes are serialized across replicas and each is validated against exactly the state it commits
 * on (pool overlaps, references, preferences). Allocations do not touch that guard; pool updates and
 * deletions compare {@link Keys#poolAllocations(String)} instead, which every allocation and release
 * puts.
 */
public final class StoreResourceService implements ResourceService {

    /** Attempts per write when concurrent writers keep moving the guards. */
    public static final int MAX_ATTEMPTS = 20;

    private static final Codec<ClusterInventory> INVENTORIES = Codec.of(ClusterInventory.getDefaultInstance());
    private static final byte[] GUARD_VALUE = new byte[0];

    private final Store store;
    private final Keys keys;
    private final AuditLog audit;
    private final Validator validator;
    private final Clock clock;
    private final SnapshotReader reader;

    /**
     * Creates the service.
     *
     * @param store the store
     * @param keys the key layout
     * @param audit the audit log whose records go into each write's transaction
     * @param validator the validator (usually {@link Validator#create()})
     * @param clock sets creation timestamps and inventory report times
     */
    public StoreResourceService(Store store, Keys keys, AuditLog audit, Validator validator, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.validator = Objects.requireNonNull(validator, "validator");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.reader = new SnapshotReader(store, keys);
    }

    @Override
    public <T extends Message> CompletableFuture<T> create(ResourceKind<T> kind, T object, String actor) {
        requireActor(actor);
        String name = kind.metadata(object).getName();
        List<ValidationError> requestErrors = new ArrayList<>();
        if (!kind.metadata(object).getResourceVersion().isEmpty()) {
            requestErrors.add(new ValidationError(RequestChecks.RESOURCE_VERSION, "must be empty on create; the hub sets it"));
        }
        return Attempt.repeat(MAX_ATTEMPTS, () -> reader.read().thenCompose(snapshot -> {
            if (kind.stored(snapshot).containsKey(name)) {
                throw new AlreadyExistsException(kind.kindName(), name);
            }
            T candidate = kind.withStatusOf(kind.withMetadata(kind.withDefaults(object),
                    kind.metadata(object).toBuilder().clearResourceVersion().setGeneration(1)
                            .setCreationTimestamp(now()).build()), null);
            validate(kind, candidate, snapshot.world(), requestErrors);
            String key = kind.key(keys, name);
            Txn.Builder txn = Txn.when(Compare.absent(key));
            guardResources(txn, snapshot);
            txn.then(kind.codec().put(key, candidate));
            txn.then(audit.append(AuditEvents.resourceChange(AuditAction.AUDIT_ACTION_CREATE, kind.kindName(), name, actor,
                    "", ObjectDigest.of(candidate))));
            return store.commit(txn.build()).thenApply(result -> {
                if (result.succeeded()) {
                    return Attempt.done(kind.withResourceVersion(candidate, result.revision()));
                }
                if (result.failedCompares().contains(Compare.absent(key))) {
                    throw new AlreadyExistsException(kind.kindName(), name);
                }
                return Attempt.<T>beaten(result);
            });
        }), exhausted(kind, name));
    }

    @Override
    public <T extends Message> CompletableFuture<T> update(ResourceKind<T> kind, T object, String actor) {
        requireActor(actor);
        String name = kind.metadata(object).getName();
        List<ValidationError> requestErrors = new ArrayList<>();
        OptionalLong expected = RequestChecks.resourceVersion(kind.metadata(object).getResourceVersion(), requestErrors);
        return Attempt.repeat(MAX_ATTEMPTS, () -> reader.read().thenCompose(snapshot -> {
            TypedKeyValue<T> stored = storedOrThrow(kind, name, snapshot);
            requireVersion(kind, name, expected, stored);
            T candidate = nextVersion(kind, object, stored.value());
            if (candidate.equals(stored.value()) && requestErrors.isEmpty()) {
                return CompletableFuture.completedFuture(Attempt.done(kind.fromStored(stored)));
            }
            validate(kind, candidate, snapshot.world(), requestErrors);
            Txn.Builder txn = Txn.when(Compare.modRevision(stored.key(), stored.modRevision()));
            guardResources(txn, snapshot);
            if (kind == ResourceKind.POOL) {
                String poolGuard = keys.poolAllocations(name);
                txn.when(Compare.modRevision(poolGuard, snapshot.guardRevision(poolGuard)));
            }
            txn.then(kind.codec().put(stored.key(), candidate));
            txn.then(audit.append(AuditEvents.resourceChange(AuditAction.AUDIT_ACTION_UPDATE, kind.kindName(), name, actor,
                    ObjectDigest.of(stored.value()), ObjectDigest.of(candidate))));
            return store.commit(txn.build()).thenCompose(result -> result.succeeded()
                    ? CompletableFuture.completedFuture(Attempt.done(kind.withResourceVersion(candidate, result.revision())))
                    : afterFailure(kind, name, expected, stored, result));
        }), exhausted(kind, name));
    }

    @Override
    public <T extends Message> CompletableFuture<T> delete(ResourceKind<T> kind, String name, String resourceVersion,
                                                            String actor) {
        requireActor(actor);
        Objects.requireNonNull(name, "name");
        List<ValidationError> requestErrors = new ArrayList<>();
        OptionalLong expected = RequestChecks.resourceVersion(Objects.requireNonNull(resourceVersion, "resourceVersion"),
                requestErrors);
        if (!requestErrors.isEmpty()) {
            return CompletableFuture.failedFuture(ValidationException.undeletable(kind.kindName(), name, requestErrors));
        }
        return Attempt.repeat(MAX_ATTEMPTS, () -> reader.read().thenCompose(snapshot -> {
            TypedKeyValue<T> stored = storedOrThrow(kind, name, snapshot);
            requireVersion(kind, name, expected, stored);
            kind.validateDeletion(validator, name, snapshot.world());
            Txn.Builder txn = Txn.when(Compare.modRevision(stored.key(), stored.modRevision()));
            guardResources(txn, snapshot);
            txn.then(Op.delete(stored.key()));
            deleteDependents(kind, name, snapshot, actor, txn);
            txn.then(audit.append(AuditEvents.resourceChange(AuditAction.AUDIT_ACTION_DELETE, kind.kindName(), name, actor,
                    ObjectDigest.of(stored.value()), "")));
            return store.commit(txn.build()).thenCompose(result -> result.succeeded()
                    ? CompletableFuture.completedFuture(Attempt.done(kind.fromStored(stored)))
                    : afterFailure(kind, name, expected, stored, result));
        }), exhausted(kind, name));
    }

    @Override
    public <T extends Message> CompletableFuture<Optional<T>> get(ResourceKind<T> kind, String name) {
        if (K8sNames.dnsLabelProblem(Objects.requireNonNull(name, "name")).isPresent()) {
            // No object can be stored under a name that is not a valid name.
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return store.get(kind.key(keys, name))
                .thenApply(found -> found.map(kv -> kind.fromStored(kind.codec().decode(kv))));
    }

    @Override
    public <T extends Message> CompletableFuture<List<T>> list(ResourceKind<T> kind) {
        String prefix = kind.prefix(keys);
        return store.list(prefix).thenApply(listing -> listing.items().stream()
                .filter(kv -> kv.key().indexOf('/', prefix.length()) < 0)
                .map(kv -> kind.fromStored(kind.codec().decode(kv)))
                .toList());
    }

    @Override
    public CompletableFuture<ClusterInventory> putInventory(ClusterInventory inventory) {
        ClusterInventory canonical = RequestChecks.canonicalInventory(inventory);
        ClusterInventory stored = canonical.hasReportedAt() ? canonical : canonical.toBuilder().setReportedAt(now()).build();
        String clusterKey = keys.cluster(stored.getCluster());
        // The report is only kept while its cluster exists; deleting the cluster deletes it too.
        Txn txn = Txn.when(Compare.present(clusterKey)).then(INVENTORIES.put(keys.inventory(stored.getCluster()), stored)).build();
        return store.commit(txn).thenApply(result -> {
            if (!result.succeeded()) {
                throw new NotFoundException(ResourceKind.CLUSTER.kindName(), stored.getCluster());
            }
            return stored;
        });
    }

    @Override
    public CompletableFuture<Optional<ClusterInventory>> getInventory(String cluster) {
        if (K8sNames.dnsLabelProblem(Objects.requireNonNull(cluster, "cluster")).isPresent()) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        String key = keys.inventory(cluster);
        return store.get(key).thenApply(found -> found.map(kv -> INVENTORIES.decode(key, kv.value())));
    }

    /** The stored object updated with the caller's metadata and spec; hub-owned fields kept or advanced. */
    private static <T extends Message> T nextVersion(ResourceKind<T> kind, T object, T stored) {
        T withDefaults = kind.withDefaults(object);
        ObjectMeta storedMeta = kind.metadata(stored);
        boolean specChanged = !kind.spec(withDefaults).equals(kind.spec(stored));
        ObjectMeta.Builder meta = kind.metadata(withDefaults).toBuilder()
                .clearResourceVersion()
                .setGeneration(specChanged ? storedMeta.getGeneration() + 1 : storedMeta.getGeneration())
                .clearCreationTimestamp();
        if (storedMeta.hasCreationTimestamp()) {
            meta.setCreationTimestamp(storedMeta.getCreationTimestamp());
        }
        return kind.withStatusOf(kind.withMetadata(withDefaults, meta.build()), stored);
    }

    private <T extends Message> void validate(ResourceKind<T> kind, T candidate, World world,
                                              List<ValidationError> requestErrors) {
        List<ValidationError> errors = new ArrayList<>(requestErrors);
        try {
            kind.validate(validator, candidate, world);
        } catch (ValidationException invalid) {
            errors.addAll(invalid.errors());
        }
        if (!errors.isEmpty()) {
            throw ValidationException.invalid(kind.kindName(), kind.metadata(candidate).getName(), errors);
        }
    }

    /** What goes away with the object, in the same transaction. */
    private <T extends Message> void deleteDependents(ResourceKind<T> kind, String name, Snapshot snapshot, String actor,
                                                      Txn.Builder txn) {
        if (kind == ResourceKind.POOL) {
            String poolGuard = keys.poolAllocations(name);
            txn.when(Compare.modRevision(poolGuard, snapshot.guardRevision(poolGuard))).then(Op.delete(poolGuard));
        } else if (kind == ResourceKind.CLUSTER) {
            txn.then(Op.delete(keys.inventory(name)));
        } else if (kind == ResourceKind.INTENT) {
            AllocationChanges releases = new AllocationChanges(keys, audit, actor);
            for (TypedKeyValue<Allocation> allocation : snapshot.allocations().values()) {
                if (allocation.value().getIntent().equals(name)) {
                    releases.release(allocation, "intent deleted");
                }
            }
            releases.appendTo(txn);
        }
    }

    private void guardResources(Txn.Builder txn, Snapshot snapshot) {
        String guard = keys.resourceGuard();
        txn.when(Compare.modRevision(guard, snapshot.guardRevision(guard))).then(Op.put(guard, GUARD_VALUE));
    }

    /**
     * After a failed commit: the caller's own precondition failing is a conflict for the caller; any
     * other failed compare is a concurrent writer, and the attempt is repeated on a fresh snapshot.
     */
    private <T extends Message> CompletableFuture<Attempt<T>> afterFailure(
            ResourceKind<T> kind, String name, OptionalLong expected, TypedKeyValue<T> stored, TxnResult result) {
        boolean objectChanged = result.failedCompares().contains(Compare.modRevision(stored.key(), stored.modRevision()));
        if (!objectChanged || expected.isEmpty()) {
            return CompletableFuture.completedFuture(Attempt.beaten(result));
        }
        return store.get(stored.key()).thenApply(current -> {
            if (current.isEmpty()) {
                throw new NotFoundException(kind.kindName(), name);
            }
            throw new ConflictException(kind.kindName(), name, Long.toString(expected.getAsLong()),
                    Long.toString(current.get().modRevision()));
        });
    }

    private static <T extends Message> TypedKeyValue<T> storedOrThrow(ResourceKind<T> kind, String name, Snapshot snapshot) {
        TypedKeyValue<T> stored = kind.stored(snapshot).get(name);
        if (stored == null) {
            throw new NotFoundException(kind.kindName(), name);
        }
        return stored;
    }

    private static <T extends Message> void requireVersion(ResourceKind<T> kind, String name, OptionalLong expected,
                                                           TypedKeyValue<T> stored) {
        if (expected.isPresent() && expected.getAsLong() != stored.modRevision()) {
            throw new ConflictException(kind.kindName(), name, Long.toString(expected.getAsLong()),
                    Long.toString(stored.modRevision()));
        }
    }

    private static Attempt.Exhausted exhausted(ResourceKind<?> kind, String name) {
        return (attempts, conflict) -> new RetriesExhaustedException(kind.kindName(), name, attempts, conflict);
    }

    private static void requireActor(String actor) {
        if (Objects.requireNonNull(actor, "actor").isEmpty()) {
            throw new IllegalArgumentException("actor: required (who makes the change, for the audit log)");
        }
    }

    private Timestamp now() {
        Instant instant = clock.instant();
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }
}
