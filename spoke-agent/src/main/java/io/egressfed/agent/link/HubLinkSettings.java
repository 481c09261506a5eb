package io.egressfed.agent.link;

import io.egressfed.api.envelope.Ed25519PublicKey;
import io.egressfed.api.pki.BootstrapToken;
import io.egressfed.api.pki.CaPin;
import io.egressfed.api.pki.ClusterIdentity;
import io.egressfed.api.pki.RenewalPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the agent's hub link is configured with at install.
 *
 * @param cluster this cluster's name (a DNS label); the hub only serves the config of the cluster named
 *     by the agent's certificate, and the agent only applies configs for this name
 * @param caPin the hub CA fingerprint
 * @param trustedKeys the pinned hub config-signing keys (old and new side by side during rotation)
 * @param bootstrapToken the enrollment token, needed only while no credentials are stored
 * @param agentVersion the agent's software version, reported in hello
 * @param heartbeatInterval how often the agent sends a heartbeat (default 1 s)
 * @param missedHeartbeats how many intervals the hub may stay silent before the agent reconnects
 *     (default 3)
 * @param initialBackoff the ceiling of the first reconnection delay (default 100 ms)
 * @param maxBackoff the largest reconnection delay (default 10 s)
 * @param renewalPolicy when to renew the client certificate (default half-life)
 * @param minimumRenewalInterval the least time between two renewal attempts, successful or not, so that
 *     a short-lived certificate cannot cause a renewal storm (default 30 s)
 * @param healthReportGap the least time between two health reports sent because the health changed
 *     (default 100 ms); changes within it go out together, in the newest state, in one report. Heartbeats
 *     still carry a report every interval.
 */
public record HubLinkSettings(String cluster, CaPin caPin, List<Ed25519PublicKey> trustedKeys,
        Optional<BootstrapToken> bootstrapToken, String agentVersion, Duration heartbeatInterval,
        int missedHeartbeats, Duration initialBackoff, Duration maxBackoff, RenewalPolicy renewalPolicy,
        Duration minimumRenewalInterval, Duration healthReportGap) {

    /** Default heartbeat interval. */
    public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(1);
    /** Default silent intervals before reconnecting. */
    public static final int DEFAULT_MISSED_HEARTBEATS = 3;
    /** Default first reconnection delay ceiling. */
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(100);
    /** Default reconnection delay cap. */
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(10);
    /** Default least time between renewal attempts. */
    public static final Duration DEFAULT_MINIMUM_RENEWAL_INTERVAL = Duration.ofSeconds(30);
    /** Default least time between two health reports sent on a change. */
    public static final Duration DEFAULT_HEALTH_REPORT_GAP = Duration.ofMillis(100);

    /**
     * Validates.
     *
     * @throws IllegalArgumentException naming the field when a value is out of range
     */
    public HubLinkSettings {
        ClusterIdentity.requireClusterName(cluster);
        Objects.requireNonNull(caPin, "caPin");
        trustedKeys = List.copyOf(trustedKeys);
        if (trustedKeys.isEmpty()) {
            throw new IllegalArgumentException("trustedKeys: at least one hub signing key must be pinned");
        }
        Objects.requireNonNull(bootstrapToken, "bootstrapToken");
        Objects.requireNonNull(agentVersion, "agentVersion");
        requirePositive("heartbeatInterval", heartbeatInterval);
        if (missedHeartbeats < 1) {
            throw new IllegalArgumentException("missedHeartbeats: must be at least 1, got " + missedHeartbeats);
        }
        requirePositive("initialBackoff", initialBackoff);
        requirePositive("maxBackoff", maxBackoff);
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff: must be at least initialBackoff (" + initialBackoff
                    + "), got " + maxBackoff);
        }
        Objects.requireNonNull(renewalPolicy, "renewalPolicy");
        requirePositive("minimumRenewalInterval", minimumRenewalInterval);
        requirePositive("healthReportGap", healthReportGap);
    }

    /**
     * Settings with every default and no bootstrap token.
     *
     * @param cluster this cluster's name
     * @param caPin the hub CA fingerprint
     * @param trustedKeys the pinned hub signing keys
     * @return the settings
     */
    public static HubLinkSettings of(String cluster, CaPin caPin, List<Ed25519PublicKey> trustedKeys) {
        return new HubLinkSettings(cluster, caPin, trustedKeys, Optional.empty(), "", DEFAULT_HEARTBEAT_INTERVAL,
                DEFAULT_MISSED_HEARTBEATS, DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_BACKOFF, RenewalPolicy.HALF_LIFE,
                DEFAULT_MINIMUM_RENEWAL_INTERVAL, DEFAULT_HEALTH_REPORT_GAP);
    }

    /**
     * Returns a copy with a bootstrap token.
     *
     * @param token the token
     * @return the settings
     */
    public HubLinkSettings withBootstrapToken(BootstrapToken token) {
        return new HubLinkSettings(cluster, caPin, trustedKeys, Optional.of(token), agentVersion, heartbeatInterval,
                missedHeartbeats, initialBackoff, maxBackoff, renewalPolicy, minimumRenewalInterval,
                healthReportGap);
    }

    /**
     * Returns a copy with an agent version.
     *
     * @param version the version
     * @return the settings
     */
    public HubLinkSettings withAgentVersion(String version) {
        return new HubLinkSettings(cluster, caPin, trustedKeys, bootstrapToken, version, heartbeatInterval,
                missedHeartbeats, initialBackoff, maxBackoff, renewalPolicy, minimumRenewalInterval,
                healthReportGap);
    }

    /**
     * Returns a copy with other heartbeat timing.
     *
     * @param interval the heartbeat interval
     * @param missed how many silent intervals end a stream
     * @return the settings
     */
    public HubLinkSettings withHeartbeat(Duration interval, int missed) {
        return new HubLinkSettings(cluster, caPin, trustedKeys, bootstrapToken, agentVersion, interval, missed,
                initialBackoff, maxBackoff, renewalPolicy, minimumRenewalInterval,
                healthReportGap);
    }

    /**
     * Returns a copy with another reconnection backoff.
     *
     * @param initial the first delay ceiling
     * @param max the cap
     * @return the settings
     */
    public HubLinkSettings withBackoff(Duration initial, Duration max) {
        return new HubLinkSettings(cluster, caPin, trustedKeys, bootstrapToken, agentVersion, heartbeatInterval,
                missedHeartbeats, initial, max, renewalPolicy, minimumRenewalInterval,
                healthReportGap);
    }

    /**
     * Returns a copy with another renewal schedule.
     *
     * @param policy when to renew
     * @param minimumInterval the least time between renewal attempts
     * @return the settings
     */
    public HubLinkSettings withRenewal(RenewalPolicy policy, Duration minimumInterval) {
        return new HubLinkSettings(cluster, caPin, trustedKeys, bootstrapToken, agentVersion, heartbeatInterval,
                missedHeartbeats, initialBackoff, maxBackoff, policy, minimumInterval, healthReportGap);
    }

    /**
     * Returns a copy with another least time between health reports sent on a change.
     *
     * @param gap the least time between two such reports
     * @return the settings
     */
    public HubLinkSettings withHealthReportGap(Duration gap) {
        return new HubLinkSettings(cluster, caPin, trustedKeys, bootstrapToken, agentVersion, heartbeatInterval,
                missedHeartbeats, initialBackoff, maxBackoff, renewalPolicy, minimumRenewalInterval, gap);
    }

    /**
     * How long the hub may stay silent before the agent gives up on the stream.
     *
     * @return {@code heartbeatInterval * missedHeartbeats}
     */
    public Duration silenceLimit() {
        return heartbeatInterval.multipliedBy(missedHeartbeats);
    }

    private static void requirePositive(String field, Duration value) {
        Objects.requireNonNull(value, field);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(field + ": must be positive, got " + value);
        }
    }
}
