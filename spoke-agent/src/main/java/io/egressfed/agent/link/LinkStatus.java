package io.egressfed.agent.link;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot of the agent's hub link, for readiness probes, metrics and tests.
 *
 * @param state where the link stands
 * @param appliedVersion the version of the last applied config, 0 if none
 * @param connections how many streams the hub has answered since start
 * @param renewals how many times the client certificate was renewed since start
 * @param certificateNotAfter when the current client certificate expires, if there is one
 * @param lastError the last problem (stream closed, enrollment refused, config refused), empty if none
 */
public record LinkStatus(LinkState state, long appliedVersion, long connections, long renewals,
        Optional<Instant> certificateNotAfter, String lastError) {

    /** Requires every component. */
    public LinkStatus {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(certificateNotAfter, "certificateNotAfter");
        Objects.requireNonNull(lastError, "lastError");
    }
}
