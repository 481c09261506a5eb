/**
 * IP address management: which egress address each intent holds, and where.
 *
 * <ul>
 *   <li><b>PerCluster</b>: one address per cluster that the intent's placement selects AND where the
 *       pool is routable (the pool's clusterSelector matches); {@code Allocation.cluster} names it.
 *   <li><b>ActivePassive</b>: one address for the intent, whichever cluster is active
 *       ({@code Allocation.cluster} empty); the coordinator decides where it is active.
 *   <li><b>cilium clusters</b> can only use an address their gateway nodes already carry, so a new
 *       address for such a cluster must be in its reported inventory (for ActivePassive: in the
 *       inventory of every cilium candidate cluster).
 *   <li><b>Lowest free address first</b>, deterministically; a pinned address is used when free and
 *       eligible, otherwise the intent gets a precise error.
 *   <li><b>Stable</b>: an allocation the intent still wants is never moved. Inventory and routability
 *       constrain new allocations only; an existing one is released only when the intent no longer
 *       wants an address there (placement shrank, pool or pin changed, intent deleted).
 * </ul>
 *
 * <p>Every change is one transaction: create-only allocation keys (two hub replicas can never
 * allocate one address twice), the release of unwanted ones, the intent's status (assignments and
 * the {@code Allocated} condition), the pool's allocation guard, and the audit records. The
 * transaction compares the intent's and the pool's revisions (and the inventories it relied on);
 * when another writer got in first, the allocator re-reads and plans again.
 */
package io.egressfed.hub.ipam;
