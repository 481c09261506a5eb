package io.egressfed.e2e.lab.chaos;

import java.util.List;

/**
 * Everything one chaos run recorded, as the {@link InvariantChecker} reads it.
 *
 * @param originNanos the start of the run on the monotonic clock (reported times are relative to it)
 * @param holds       the holds of every cluster, merged onto one monotonic timeline
 * @param allocations the {@code alloc/} reads taken during and after the run
 * @param writes      the admin writes, in the order they were sent
 * @param stored      the written objects as the admin API returned them at the end
 * @param intents     the intents and their final allocations
 * @param clusters    the clusters after healing
 */
public record ChaosHistory(long originNanos, List<Hold> holds, List<AllocationSnapshot> allocations,
        List<AdminWrite> writes, List<StoredObject> stored, List<IntentState> intents, List<ClusterState> clusters) {

    /** Copies the lists. */
    public ChaosHistory {
        holds = List.copyOf(holds);
        allocations = List.copyOf(allocations);
        writes = List.copyOf(writes);
        stored = List.copyOf(stored);
        intents = List.copyOf(intents);
        clusters = List.copyOf(clusters);
    }
}
