/**
 * The agent's end of the spoke link.
 *
 * <p>Data flow: {@link io.egressfed.agent.link.HubLink} obtains credentials (stored by a
 * {@link io.egressfed.agent.link.CredentialStore}, or from enrolling once with a bootstrap token), opens
 * a mutual-TLS {@code Connect} stream through {@link io.egressfed.agent.link.LinkChannels}, and says
 * hello with the version kept by the {@link io.egressfed.agent.apply.AppliedVersionStore}. Each pushed
 * envelope goes into a mailbox of one; the newest is verified against the pinned hub keys and only
 * then handed to the {@link io.egressfed.agent.apply.ConfigApplier} (the backend layer). Success is
 * persisted, then ACKed; a rejection or failure is NACKed with its reason and per-assignment errors.
 * When the applier needs the current config after a start (the Kubernetes backends do), the first hello
 * names the version before the persisted one, so the hub resends the current config; older ones are
 * still refused. Heartbeats (with the newest report of a {@link io.egressfed.agent.health.HealthReporter},
 * refreshed in the background) flow every second; a silent or broken stream
 * is replaced after a jittered exponential {@link io.egressfed.agent.link.Backoff} (100 ms to 10 s),
 * and the client certificate is renewed over the link at half-life.
 */
package io.egressfed.agent.link;
