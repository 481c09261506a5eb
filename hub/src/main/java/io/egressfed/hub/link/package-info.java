/**
 * The hub's end of the spoke link.
 *
 * <p>Data flow: the coordinator writes each cluster's signed config to {@code configs/<cluster>};
 * {@link io.egressfed.hub.link.StoreConfigFeed} follows that prefix and notifies the streams of that
 * cluster only. {@link io.egressfed.hub.link.SpokeLinkService} serves {@code Enroll} (single-use token
 * + CSR, see {@link io.egressfed.hub.link.LinkEnrollment}), {@code Renew} and {@code Connect}; every
 * {@code Connect} stream is an {@code AgentSession} bound to the cluster of its client certificate,
 * which resyncs from the agent's last applied version, pushes the newest config (debounced, coalesced,
 * flow-controlled), exchanges heartbeats, and records ACK/NACK, heartbeats and health in the
 * {@link io.egressfed.hub.link.LiveStatusRegistry}. {@link io.egressfed.hub.link.EnrollmentTokenService}
 * creates the tokens.
 */
package io.egressfed.hub.link;
