/**
 * Leases on ActivePassive assignments, agent side.
 *
 * <p>Data flow: the hub link hands every {@link io.egressfed.api.v1alpha1.LeaseGrant} to a
 * {@link io.egressfed.agent.lease.LeaseGrantReceiver}, the {@link io.egressfed.agent.lease.LeaseKeeper}.
 * It makes the lease of each listed (intent, epoch) live from receipt until receipt + lease_duration −
 * fenceAhead on a {@link io.egressfed.agent.lease.MonotonicClock}, schedules the end, and tells its
 * {@link io.egressfed.agent.lease.LeaseListener}s when a lease starts or lapses. The applier consults
 * {@link io.egressfed.agent.lease.Leases} on every pass: an ACTIVE ActivePassive assignment without a
 * live lease for its epoch is written fenced.
 *
 * <p>Decisions:
 * <ul>
 *   <li>Leases live in memory only: a restarted agent has none, so every ActivePassive assignment starts
 *       fenced until the hub grants again.</li>
 *   <li>A grant for an epoch the applied config does not have yet is kept until it would expire: it may
 *       overtake the config that needs it.</li>
 *   <li>Only the exact epoch counts. A grant for a newer epoch of an intent ends the leases of its older
 *       epochs at once: the hub has moved on, and holding an old epoch longer could only be wrong.</li>
 * </ul>
 */
package io.egressfed.agent.lease;
