package io.egressfed.hub.state;

import com.google.protobuf.Message;
import io.egressfed.api.v1alpha1.Allocation;
import io.egressfed.api.v1alpha1.AuditRecord;
import io.egressfed.api.v1alpha1.ClusterInventory;
import io.egressfed.hub.audit.AuditLog;
import io.egressfed.hub.audit.StoreAuditLog;
import io.egressfed.hub.ipam.AllocationResult;
import io.egressfed.hub.ipam.Allocator;
import io.egressfed.hub.ipam.StoreAllocator;
import io.egressfed.hub.store.Codec;
import io.egressfed.hub.store.InMemoryStore;
import io.egressfed.hub.store.Keys;
import io.egressfed.hub.store.Listing;
import io.egressfed.hub.store.Store;
import io.egressfed.hub.validate.Validator;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One hub instance as tests see it: the audit log, resource service and allocator on one store, with
 * blocking helpers that rethrow the future's own exception (so tests can assert on it).
 */
public final class TestHub implements AutoCloseable {

    /** The actor tests write as. */
    public static final String ACTOR = "test";

    private static final Codec<Allocation> ALLOCATIONS = Codec.of(Allocation.getDefaultInstance());

    private final Store store;
    private final Keys keys;
    private final AuditLog audit;
    private final ResourceService resources;
    private final Allocator allocator;

    /**
     * Builds the services on a store.
     *
     * @param store the store (closed with the hub)
     * @param keys the key layout
     * @param clock the services' clock
     */
    public TestHub(Store store, Keys keys, Clock clock) {
        this.store = store;
        this.keys = keys;
        this.audit = new StoreAuditLog(store, keys, clock);
        this.resources = new StoreResourceService(store, keys, audit, Validator.create(), clock);
        this.allocator = new StoreAllocator(store, keys, audit, clock);
    }

    /**
     * A hub on a fresh in-memory store with the default key layout, as most tests want it.
     *
     * @param clock the services' clock
     * @return the hub
     */
    public static TestHub inMemory(Clock clock) {
        return new TestHub(new InMemoryStore(), Keys.defaults(), clock);
    }

    public Store store() {
        return store;
    }

    public Keys keys() {
        return keys;
    }

    public AuditLog audit() {
        return audit;
    }

    public ResourceService resources() {
        return resources;
    }

    public Allocator allocator() {
        return allocator;
    }

    /**
     * Waits for a future and returns its value, rethrowing its own failure.
     *
     * @param future the future
     * @param <T> the value type
     * @return the value
     */
    public static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException failed) {
            if (failed.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new IllegalStateException(failed.getCause());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted);
        } catch (TimeoutException timeout) {
            throw new IllegalStateException("no answer within 30 s", timeout);
        }
    }

    public <T extends Message> T create(ResourceKind<T> kind, T object) {
        return await(resources.create(kind, object, ACTOR));
    }

    public <T extends Message> T update(ResourceKind<T> kind, T object) {
        return await(resources.update(kind, object, ACTOR));
    }

    public <T extends Message> T delete(ResourceKind<T> kind, String name) {
        return await(resources.delete(kind, name, "", ACTOR));
    }

    public <T extends Message> T get(ResourceKind<T> kind, String name) {
        return await(resources.get(kind, name)).orElseThrow();
    }

    public ClusterInventory report(ClusterInventory inventory) {
        return await(resources.putInventory(inventory));
    }

    public AllocationResult reconcile(String intent) {
        return await(allocator.reconcile(intent, ACTOR));
    }

    /**
     * Every stored allocation.
     *
     * @return allocations by canonical IP
     */
    public Map<String, Allocation> allocations() {
        Map<String, Allocation> byIp = new TreeMap<>();
        await(store.list(keys.allocs())).items()
                .forEach(kv -> byIp.put(Keys.nameIn(keys.allocs(), kv.key()), ALLOCATIONS.decode(kv.key(), kv.value())));
        return byIp;
    }

    /**
     * Every audit record.
     *
     * @return the records in commit order
     */
    public List<AuditRecord> auditRecords() {
        return await(audit.between(Instant.EPOCH, Instant.MAX));
    }

    /**
     * Everything stored under the root, and the revision.
     *
     * @return the listing
     */
    public Listing everything() {
        return await(store.list(keys.root()));
    }

    @Override
    public void close() {
        store.close();
    }
}
