package io.egressfed.hub.api;

import io.egressfed.api.v1alpha1.Allocation;
import io.egressfed.api.v1alpha1.EgressIPPool;
import io.egressfed.hub.net.Cidr;
import io.egressfed.hub.net.IpSet;
import io.egressfed.hub.store.Codec;
import io.egressfed.hub.store.Keys;
import io.egressfed.hub.store.Store;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * How many addresses each pool offers and how many are allocated, computed from what is stored; the
 * hub writes neither into the pool, so they are filled in on every read.
 */
final class PoolUsage {

    private static final Codec<Allocation> ALLOCATIONS = Codec.of(Allocation.getDefaultInstance());

    private final Store store;
    private final Keys keys;

    PoolUsage(Store store, Keys keys) {
        this.store = Objects.requireNonNull(store, "store");
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    /** Allocated addresses per pool name. */
    CompletableFuture<Map<String, Long>> allocatedByPool() {
        return store.list(keys.allocs()).thenApply(listing -> {
            Map<String, Long> counts = new HashMap<>();
            listing.items().forEach(kv -> counts.merge(ALLOCATIONS.decode(kv).value().getPool(), 1L, Long::sum));
            return counts;
        });
    }

    /** The pools with {@code status.size} and {@code status.allocated} filled in. */
    CompletableFuture<List<EgressIPPool>> withUsage(List<EgressIPPool> pools) {
        if (pools.isEmpty()) {
            return CompletableFuture.completedFuture(pools);
        }
        return allocatedByPool().thenApply(allocated -> pools.stream().map(pool -> {
            EgressIPPool.Builder withUsage = pool.toBuilder();
            withUsage.getStatusBuilder()
                    .setSize(size(pool).map(BigInteger::toString).orElse(""))
                    .setAllocated(allocated.getOrDefault(pool.getMetadata().getName(), 0L));
            return withUsage.build();
        }).toList());
    }

    /**
     * The number of allocatable addresses: cidrs minus exclude.
     *
     * @return the size; empty for a pool that does not parse (validation on write prevents that)
     */
    static Optional<BigInteger> size(EgressIPPool pool) {
        try {
            IpSet cidrs = IpSet.ofCidrs(pool.getSpec().getCidrsList().stream().map(Cidr::parse).toList());
            IpSet exclude = IpSet.ofCidrs(pool.getSpec().getExcludeList().stream().map(Cidr::parseAddressOrCidr).toList());
            return Optional.of(cidrs.minus(exclude).size());
        } catch (IllegalArgumentException unparsable) {
            return Optional.empty();
        }
    }
}
