package io.egressfed.e2e.lab.chaos;

import java.util.List;

/**
 * Every {@code alloc/} key of one etcd range read.
 *
 * @param atNanos when the read was answered, on the monotonic clock
 * @param records the allocations read
 */
public record AllocationSnapshot(long atNanos, List<AllocationRecord> records) {

    /** Copies the list. */
    public AllocationSnapshot {
        records = List.copyOf(records);
    }
}
