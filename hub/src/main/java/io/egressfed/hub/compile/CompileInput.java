package io.egressfed.hub.compile;

import io.egressfed.api.v1alpha1.Allocation;
import io.egressfed.api.v1alpha1.ClusterInventory;
import io.egressfed.api.v1alpha1.EgressIPPool;
import io.egressfed.api.v1alpha1.EgressIntent;
import io.egressfed.api.v1alpha1.MemberCluster;
import io.egressfed.api.v1alpha1.PlacementDecision;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Everything the {@link ConfigCompiler} reads: the hub's desired state as stored in etcd. The order
 * of every list is irrelevant to the result.
 *
 * @param clusters every member cluster; each gets a config. Names must be unique and not empty
 * @param intents every egress intent. Names must be unique and not empty
 * @param pools every egress IP pool, to flag allocations from a pool that no longer exists
 * @param allocations every allocation ({@code alloc/<ip>})
 * @param placements every placement decision ({@code placement/<intent>})
 * @param inventories the addresses each cluster's gateway nodes carry, to flag cilium assignments
 *     whose egress IP no gateway node carries yet
 * @param options compiler options
 */
public record CompileInput(
        List<MemberCluster> clusters,
        List<EgressIntent> intents,
        List<EgressIPPool> pools,
        List<Allocation> allocations,
        List<PlacementDecision> placements,
        List<ClusterInventory> inventories,
        CompileOptions options) {

    /**
     * Copies the lists.
     *
     * @throws NullPointerException when a list is (or contains) null, or options are null
     */
    public CompileInput {
        clusters = List.copyOf(Objects.requireNonNull(clusters, "clusters"));
        intents = List.copyOf(Objects.requireNonNull(intents, "intents"));
        pools = List.copyOf(Objects.requireNonNull(pools, "pools"));
        allocations = List.copyOf(Objects.requireNonNull(allocations, "allocations"));
        placements = List.copyOf(Objects.requireNonNull(placements, "placements"));
        inventories = List.copyOf(Objects.requireNonNull(inventories, "inventories"));
        Objects.requireNonNull(options, "options");
    }

    /**
     * An empty builder with {@link CompileOptions#defaults()}.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding this input's lists and options, to derive a changed input.
     *
     * @return the builder
     */
    public Builder toBuilder() {
        return new Builder()
                .clusters(clusters)
                .intents(intents)
                .pools(pools)
                .allocations(allocations)
                .placements(placements)
                .inventories(inventories)
                .options(options);
    }

    /** Assembles a {@link CompileInput}. Each setter replaces the list it names. Not thread-safe. */
    public static final class Builder {
        private List<MemberCluster> clusters = List.of();
        private List<EgressIntent> intents = List.of();
        private List<EgressIPPool> pools = List.of();
        private List<Allocation> allocations = List.of();
        private List<PlacementDecision> placements = List.of();
        private List<ClusterInventory> inventories = List.of();
        private CompileOptions options = CompileOptions.defaults();

        private Builder() {
        }

        /**
         * Sets the member clusters.
         *
         * @param value the clusters
         * @return this builder
         */
        public Builder clusters(Collection<MemberCluster> value) {
            clusters = new ArrayList<>(value);
            return this;
        }

        /**
         * Sets the intents.
         *
         * @param value the intents
         * @return this builder
         */
        public Builder intents(Collection<EgressIntent> value) {
            intents = new ArrayList<>(value);
            return this;
        }

        /**
         * Sets the pools.
         *
         * @param value the pools
         * @return this builder
         */
        public Builder pools(Collection<EgressIPPool> value) {
            pools = new ArrayList<>(value);
            return this;
        }

        /**
         * Sets the allocations.
         *
         * @param value the allocations
         * @return this builder
         */
        public Builder allocations(Collection<Allocation> value) {
            allocations = new ArrayList<>(value);
            return this;
        }

        /**
         * Sets the placement decisions.
         *
         * @param value the decisions
         * @return this builder
         */
        public Builder placements(Collection<PlacementDecision> value) {
            placements = new ArrayList<>(value);
            return this;
        }

        /**
         * Sets the cluster inventories.
         *
         * @param value the inventories
         * @return this builder
         */
        public Builder inventories(Collection<ClusterInventory> value) {
            inventories = new ArrayList<>(value);
            return this;
        }

        /**
         * Sets the options.
         *
         * @param value the options
         * @return this builder
         */
        public Builder options(CompileOptions value) {
            options = Objects.requireNonNull(value, "options");
            return this;
        }

        /**
         * Builds the input.
         *
         * @return the input
         */
        public CompileInput build() {
            return new CompileInput(clusters, intents, pools, allocations, placements, inventories, options);
        }
    }
}
