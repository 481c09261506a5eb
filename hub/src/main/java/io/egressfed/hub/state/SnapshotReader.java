package io.egressfed.hub.state;

import com.google.protobuf.Message;
import io.egressfed.api.v1alpha1.Allocation;
import io.egressfed.api.v1alpha1.ClusterInventory;
import io.egressfed.api.v1alpha1.EgressIPPool;
import io.egressfed.api.v1alpha1.EgressIntent;
import io.egressfed.api.v1alpha1.MemberCluster;
import io.egressfed.hub.store.Codec;
import io.egressfed.hub.store.KeyValue;
import io.egressfed.hub.store.Keys;
import io.egressfed.hub.store.Listing;
import io.egressfed.hub.store.Store;
import io.egressfed.hub.store.TypedKeyValue;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Reads a {@link Snapshot}. The guard keys are read first and the collections after them: a write
 * that commits after the guard read moves its guard, so a writer comparing the guard revisions it
 * read can never commit on a snapshot that missed a write of the kind the guard covers.
 */
public final class SnapshotReader {

    private static final Codec<Allocation> ALLOCATIONS = Codec.of(Allocation.getDefaultInstance());
    private static final Codec<ClusterInventory> INVENTORIES = Codec.of(ClusterInventory.getDefaultInstance());

    private final Store store;
    private final Keys keys;

    /**
     * Creates the reader.
     *
     * @param store the store
     * @param keys the key layout
     */
    public SnapshotReader(Store store, Keys keys) {
        this.store = Objects.requireNonNull(store, "store");
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    /**
     * Reads everything a write is validated and planned against.
     *
     * @return the snapshot; fails with {@link io.egressfed.hub.store.StoreException} when the store
     *     cannot answer or a stored value does not decode
     */
    public CompletableFuture<Snapshot> read() {
        return store.list(keys.guards()).thenCompose(guards -> {
            CompletableFuture<Map<String, TypedKeyValue<EgressIPPool>>> pools =
                    byName(keys.pools(), ResourceKind.POOL.codec());
            CompletableFuture<Map<String, TypedKeyValue<MemberCluster>>> clusters =
                    byName(keys.clusters(), ResourceKind.CLUSTER.codec());
            CompletableFuture<Map<String, TypedKeyValue<EgressIntent>>> intents =
                    byName(keys.intents(), ResourceKind.INTENT.codec());
            CompletableFuture<Map<String, TypedKeyValue<Allocation>>> allocations = byName(keys.allocs(), ALLOCATIONS);
            CompletableFuture<Map<String, TypedKeyValue<ClusterInventory>>> inventories =
                    byName(keys.inventories(), INVENTORIES);
            return CompletableFuture.allOf(pools, clusters, intents, allocations, inventories)
                    .thenApply(all -> new Snapshot(pools.join(), clusters.join(), intents.join(), allocations.join(),
                            inventories.join(), revisions(guards)));
        });
    }

    private <T extends Message> CompletableFuture<Map<String, TypedKeyValue<T>>> byName(String prefix, Codec<T> codec) {
        return store.list(prefix).thenApply(listing -> {
            Map<String, TypedKeyValue<T>> items = new HashMap<>();
            for (KeyValue kv : listing.items()) {
                if (kv.key().indexOf('/', prefix.length()) < 0) {
                    items.put(Keys.nameIn(prefix, kv.key()), codec.decode(kv));
                }
            }
            return items;
        });
    }

    private static Map<String, Long> revisions(Listing guards) {
        Map<String, Long> revisions = new HashMap<>();
        guards.items().forEach(kv -> revisions.put(kv.key(), kv.modRevision()));
        return revisions;
    }
}
