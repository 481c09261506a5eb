package io.egressfed.hub.ipam;

import java.util.Objects;

/**
 * Why an intent did not get (all) the addresses it wants.
 *
 * @param reason the machine-readable reason, also the {@code Allocated} condition's reason
 * @param cluster the cluster concerned; empty when the problem is not about one cluster
 * @param message what a user reads, naming the pool, addresses and clusters involved
 */
public record AllocationProblem(Reason reason, String cluster, String message) {

    /** The reasons, with their condition spelling. */
    public enum Reason {
        /** Every allocatable address of the pool is allocated. */
        POOL_EXHAUSTED("PoolExhausted"),
        /** Free addresses exist, but none is carried by the gateway nodes of a cilium cluster. */
        NOT_IN_INVENTORY("NotInInventory"),
        /** The pool is routable in none of the clusters the placement selects. */
        NOT_ROUTABLE("NotRoutable"),
        /** The placement selects no member cluster. */
        NO_CLUSTER_SELECTED("NoClusterSelected"),
        /** The pinned address is taken, not in the pool, or not an address. */
        PINNED_ADDRESS_UNAVAILABLE("PinnedAddressUnavailable"),
        /** A pinned address cannot serve several PerCluster clusters at once. */
        PINNED_ADDRESS_CONFLICT("PinnedAddressConflict"),
        /** The intent's pool does not exist or cannot be parsed. */
        POOL_UNAVAILABLE("PoolUnavailable"),
        /** The placement mode or selector cannot be used. */
        INVALID_PLACEMENT("InvalidPlacement"),
        /** The changes would not fit one store transaction; nothing was changed. */
        TOO_MANY_CHANGES("TooManyChanges");

        private final String conditionReason;

        Reason(String conditionReason) {
            this.conditionReason = conditionReason;
        }

        /**
         * The reason as written in the {@code Allocated} condition, e.g. {@code PoolExhausted}.
         *
         * @return the condition reason
         */
        public String conditionReason() {
            return conditionReason;
        }
    }

    /**
     * Validates.
     *
     * @throws NullPointerException when a component is null
     */
    public AllocationProblem {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(message, "message");
    }
}
