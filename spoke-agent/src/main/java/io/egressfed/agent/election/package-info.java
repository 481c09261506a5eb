/**
 * Leader election between agent replicas of one cluster: a {@code coordination.k8s.io/v1} Lease in the
 * agent's namespace decides which replica runs the hub link and the applier. The others stand by and
 * write nothing; a leader that loses the Lease stops writing at once.
 *
 * <p>A leader that crashes cannot fence; its successor does, so the election's takeover must end before the
 * hub activates another cluster. {@link io.egressfed.agent.election.TakeoverMonitor} checks that against
 * the failover delay the hub states on its lease grants, and reports (never enforces) a mismatch.
 */
package io.egressfed.agent.election;
