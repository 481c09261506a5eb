package io.egressfed.e2e.lab.chaos;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What an intent asks for, and what etcd allocated to it.
 *
 * @param intent        the intent
 * @param activePassive ActivePassive (one IP, held by one cluster) or PerCluster (one IP per cluster)
 * @param clusters      the clusters it selects (its candidates, for ActivePassive)
 * @param allocations   its {@code alloc/} records
 */
public record IntentState(String intent, boolean activePassive, Set<String> clusters,
        List<AllocationRecord> allocations) {

    /** Copies the collections. */
    public IntentState {
        Objects.requireNonNull(intent, "intent");
        clusters = Set.copyOf(clusters);
        allocations = List.copyOf(allocations);
    }
}
