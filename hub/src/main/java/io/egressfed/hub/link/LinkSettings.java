package io.egressfed.hub.link;

import io.egressfed.hub.pki.CertificateAuthority;
import java.time.Duration;
import java.util.Objects;

/**
 * Timing of the hub side of the spoke link.
 *
 * @param heartbeatInterval how often the hub sends a heartbeat on each stream (default 1 s)
 * @param missedHeartbeats how many heartbeat intervals a stream may stay silent before the hub
 *     considers the agent gone and closes it (default 3)
 * @param pushDebounce how long the hub waits after a config change before pushing, so that a burst of
 *     writes becomes one push of the newest config (default 50 ms)
 * @param clientCertificateTtl validity of client certificates issued by Enroll and Renew (default 24 h)
 */
public record LinkSettings(Duration heartbeatInterval, int missedHeartbeats, Duration pushDebounce,
        Duration clientCertificateTtl) {

    /** Default heartbeat interval. */
    public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(1);
    /** Default number of silent heartbeat intervals before a stream is considered gone. */
    public static final int DEFAULT_MISSED_HEARTBEATS = 3;
    /** Default push debounce. */
    public static final Duration DEFAULT_PUSH_DEBOUNCE = Duration.ofMillis(50);

    /**
     * Validates.
     *
     * @throws IllegalArgumentException naming the field when a duration is not positive (debounce may
     *     be zero) or fewer than one missed heartbeat is allowed
     */
    public LinkSettings {
        requirePositive("heartbeatInterval", heartbeatInterval);
        requirePositive("clientCertificateTtl", clientCertificateTtl);
        Objects.requireNonNull(pushDebounce, "pushDebounce");
        if (pushDebounce.isNegative()) {
            throw new IllegalArgumentException("pushDebounce: must not be negative, got " + pushDebounce);
        }
        if (missedHeartbeats < 1) {
            throw new IllegalArgumentException("missedHeartbeats: must be at least 1, got " + missedHeartbeats);
        }
    }

    /**
     * The defaults: heartbeats every second, 3 missed heartbeats, 50 ms debounce, 24 h certificates.
     *
     * @return the default settings
     */
    public static LinkSettings defaults() {
        return new LinkSettings(DEFAULT_HEARTBEAT_INTERVAL, DEFAULT_MISSED_HEARTBEATS, DEFAULT_PUSH_DEBOUNCE,
                CertificateAuthority.DEFAULT_CLIENT_TTL);
    }

    /**
     * How long a stream may stay silent before the hub closes it.
     *
     * @return {@code heartbeatInterval * missedHeartbeats}
     */
    public Duration silenceLimit() {
        return heartbeatInterval.multipliedBy(missedHeartbeats);
    }

    /**
     * Returns a copy with another heartbeat interval.
     *
     * @param interval the new interval
     * @return the settings
     */
    public LinkSettings withHeartbeatInterval(Duration interval) {
        return new LinkSettings(interval, missedHeartbeats, pushDebounce, clientCertificateTtl);
    }

    /**
     * Returns a copy with another client certificate validity.
     *
     * @param ttl the new validity
     * @return the settings
     */
    public LinkSettings withClientCertificateTtl(Duration ttl) {
        return new LinkSettings(heartbeatInterval, missedHeartbeats, pushDebounce, ttl);
    }

    private static void requirePositive(String field, Duration value) {
        Objects.requireNonNull(value, field);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(field + ": must be positive, got " + value);
        }
    }
}
