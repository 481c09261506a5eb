/**
 * Leader election between agent replicas of one cluster: a {@code coordination.k8s.io/v1} Lease in the
 * agent's namespace decides which replica runs the hub link and the applier. The others stand by and
 * write nothing; a leader that loses the Lease stops writing at once.
 */
package io.egressfed.agent.election;
