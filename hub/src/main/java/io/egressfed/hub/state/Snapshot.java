package io.egressfed.hub.state;

import io.egressfed.api.v1alpha1.Allocation;
import io.egressfed.api.v1alpha1.ClusterInventory;
import io.egressfed.api.v1alpha1.EgressIPPool;
import io.egressfed.api.v1alpha1.EgressIntent;
import io.egressfed.api.v1alpha1.MemberCluster;
import io.egressfed.hub.store.TypedKeyValue;
import io.egressfed.hub.validate.World;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the hub had stored when a write started, as stored (metadata.resourceVersion empty), with each
 * key's revisions for the write's compares. Read by {@link SnapshotReader}: the guard keys first, then
 * every collection, so that any write the snapshot missed has moved a guard the writer compares.
 *
 * @param pools pools by name
 * @param clusters member clusters by name
 * @param intents intents by name
 * @param allocations allocations by canonical IP
 * @param inventories cluster inventories by cluster name
 * @param guardRevisions mod revision of each guard key (see {@link io.egressfed.hub.store.Keys#guards()});
 *     a guard missing here has never been written (revision 0)
 */
public record Snapshot(
        Map<String, TypedKeyValue<EgressIPPool>> pools,
        Map<String, TypedKeyValue<MemberCluster>> clusters,
        Map<String, TypedKeyValue<EgressIntent>> intents,
        Map<String, TypedKeyValue<Allocation>> allocations,
        Map<String, TypedKeyValue<ClusterInventory>> inventories,
        Map<String, Long> guardRevisions) {

    /** Copies every map into an unmodifiable, key-ordered one. */
    public Snapshot {
        pools = Collections.unmodifiableSortedMap(new TreeMap<>(pools));
        clusters = Collections.unmodifiableSortedMap(new TreeMap<>(clusters));
        intents = Collections.unmodifiableSortedMap(new TreeMap<>(intents));
        allocations = Collections.unmodifiableSortedMap(new TreeMap<>(allocations));
        inventories = Collections.unmodifiableSortedMap(new TreeMap<>(inventories));
        guardRevisions = Collections.unmodifiableSortedMap(new TreeMap<>(guardRevisions));
    }

    /**
     * The snapshot as the validator sees it.
     *
     * @return pools, clusters, intents and allocations
     */
    public World world() {
        return World.of(
                pools.values().stream().map(TypedKeyValue::value).toList(),
                clusters.values().stream().map(TypedKeyValue::value).toList(),
                intents.values().stream().map(TypedKeyValue::value).toList(),
                allocations.values().stream().map(TypedKeyValue::value).toList());
    }

    /**
     * The mod revision of a guard key when the snapshot was read; compare it to exclude concurrent writers.
     *
     * @param guardKey a key under {@link io.egressfed.hub.store.Keys#guards()}
     * @return its mod revision, 0 when it was never written
     */
    public long guardRevision(String guardKey) {
        return guardRevisions.getOrDefault(guardKey, 0L);
    }
}
