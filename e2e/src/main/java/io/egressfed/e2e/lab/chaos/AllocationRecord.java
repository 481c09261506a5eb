package io.egressfed.e2e.lab.chaos;

import java.util.Objects;

/**
 * One {@code alloc/<ip>} key read from etcd.
 *
 * @param ip      the address, canonical
 * @param pool    its pool
 * @param intent  the intent it is allocated to
 * @param cluster the cluster for a PerCluster allocation; empty for ActivePassive
 */
public record AllocationRecord(String ip, String pool, String intent, String cluster) {

    /** Checks the fields. */
    public AllocationRecord {
        Objects.requireNonNull(ip, "ip");
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(intent, "intent");
        Objects.requireNonNull(cluster, "cluster");
    }

    /** Who the address belongs to, e.g. {@code payments/eu-west-1} or {@code ledger} (ActivePassive). */
    public String owner() {
        return cluster.isEmpty() ? intent : intent + "/" + cluster;
    }
}
