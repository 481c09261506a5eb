package io.egressfed.hub.api;

import io.egressfed.api.v1alpha1.ClusterInventory;
import io.egressfed.api.v1alpha1.Condition;
import io.egressfed.api.v1alpha1.MemberCluster;
import io.egressfed.api.v1alpha1.MemberClusterStatus;
import io.egressfed.hub.link.LiveStatus;
import io.egressfed.hub.link.LiveStatusRegistry;
import io.egressfed.hub.store.Codec;
import io.egressfed.hub.store.Keys;
import io.egressfed.hub.store.Store;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A member cluster's status as the admin API shows it: the live status of its agent (connection,
 * versions, last error; never stored in etcd) merged over what is stored, and the gateway inventory
 * the agent last reported when the live status has none.
 */
final class ClusterStatusView {

    private static final Codec<ClusterInventory> INVENTORIES = Codec.of(ClusterInventory.getDefaultInstance());

    private final Store store;
    private final Keys keys;
    private final LiveStatusRegistry liveStatus;

    ClusterStatusView(Store store, Keys keys, LiveStatusRegistry liveStatus) {
        this.store = Objects.requireNonNull(store, "store");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.liveStatus = Objects.requireNonNull(liveStatus, "liveStatus");
    }

    /** The clusters with their live status merged in. */
    CompletableFuture<List<MemberCluster>> withLiveStatus(List<MemberCluster> clusters) {
        if (clusters.isEmpty()) {
            return CompletableFuture.completedFuture(clusters);
        }
        return inventories().thenApply(inventories -> clusters.stream()
                .map(cluster -> merge(cluster, inventories.get(cluster.getMetadata().getName())))
                .toList());
    }

    private CompletableFuture<Map<String, ClusterInventory>> inventories() {
        return store.list(keys.inventories()).thenApply(listing -> {
            Map<String, ClusterInventory> byCluster = new HashMap<>();
            listing.items().forEach(kv -> {
                ClusterInventory inventory = INVENTORIES.decode(kv).value();
                byCluster.put(inventory.getCluster(), inventory);
            });
            return byCluster;
        });
    }

    private MemberCluster merge(MemberCluster cluster, ClusterInventory storedInventory) {
        String name = cluster.getMetadata().getName();
        MemberClusterStatus live = liveStatus.status(name).orElse(LiveStatus.unknown(name)).toMemberClusterStatus();
        MemberClusterStatus.Builder status = live.toBuilder();
        Set<String> liveTypes = new HashSet<>();
        live.getConditionsList().forEach(condition -> liveTypes.add(condition.getType()));
        for (Condition stored : cluster.getStatus().getConditionsList()) {
            if (!liveTypes.contains(stored.getType())) {
                status.addConditions(stored);
            }
        }
        if (live.getInventoryCount() == 0 && storedInventory != null) {
            status.addAllInventory(storedInventory.getGatewaysList());
        }
        return cluster.toBuilder().setStatus(status).build();
    }
}
