package io.egressfed.hub.ipam;

import io.egressfed.api.v1alpha1.Allocation;
import io.egressfed.hub.net.IpAddress;
import io.egressfed.hub.store.TypedKeyValue;
import java.util.Comparator;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * What one reconcile of an intent will do.
 *
 * @param kept allocations the intent still wants, unchanged
 * @param claims new allocations
 * @param releases allocations the intent no longer wants, with the reason
 * @param problems why wanted addresses could not be found
 * @param inventoryClusters clusters whose inventory constrained a claim; the transaction compares
 *     their inventory revisions so that a report removing the address in the meantime is noticed
 */
record Plan(List<TypedKeyValue<Allocation>> kept, List<Allocation> claims, List<Release> releases,
            List<AllocationProblem> problems, SortedSet<String> inventoryClusters) {

    /**
     * Orders allocations by cluster, then by address. Stored addresses were written by the allocator
     * in canonical form, so they always parse.
     */
    static final Comparator<Allocation> BY_CLUSTER_THEN_IP =
            Comparator.comparing(Allocation::getCluster).thenComparing(allocation -> IpAddress.parse(allocation.getIp()));

    /**
     * An allocation to give back.
     *
     * @param allocation the allocation as read
     * @param reason why, for the audit record
     */
    record Release(TypedKeyValue<Allocation> allocation, String reason) {
    }

    Plan {
        kept = List.copyOf(kept);
        claims = List.copyOf(claims);
        releases = List.copyOf(releases);
        problems = List.copyOf(problems);
        inventoryClusters = new TreeSet<>(inventoryClusters);
    }

    /** The intent's allocations once the plan is committed. */
    List<Allocation> resulting() {
        return Stream.concat(kept.stream().map(TypedKeyValue::value), claims.stream()).sorted(BY_CLUSTER_THEN_IP).toList();
    }

    boolean changesAllocations() {
        return !claims.isEmpty() || !releases.isEmpty();
    }
}
