package io.egressfed.hub.compile;

import java.time.Duration;
import java.util.Objects;

/**
 * Tunables of a {@link ConfigPublisher}.
 *
 * <p><b>What expiry means.</b> Every published config carries {@code expiresAt = issuedAt + ttl}.
 * An agent refuses a config whose {@code expiresAt} (plus its allowed clock skew) has passed
 * <em>when it receives it</em>. Expiry does not remove a config an agent has already applied: an
 * agent cut off from the hub keeps running its last config, because withdrawing egress on a hub
 * outage would turn a control-plane failure into a data-plane outage (ActivePassive assignments are
 * bounded separately, by their lease). What expiry bounds is the life of a signed envelope in
 * transit or at rest: a config read from etcd, a backup or the wire cannot be fed to an agent that
 * has no newer version (e.g. a reinstalled one) once it has expired; rollback protection already
 * stops older versions on agents that have seen newer ones.
 *
 * <p><b>Why 24 hours.</b> Long enough that an agent reconnecting after a day-long hub or network
 * outage still gets a valid config from etcd without waiting for a refresh, short enough that a
 * leaked envelope is useless a day later. Because an unchanged config would otherwise expire in
 * etcd, the publisher re-issues (with a new version) any config with less than
 * {@code refreshBefore} left; callers must publish at least that often.
 *
 * @param ttl how long a published config may be accepted after it is issued
 * @param refreshBefore re-issue an unchanged config when less than this much validity is left;
 *     shorter than {@code ttl}, so a fresh config is never refreshed again at once
 * @param maxAttempts how many times to read and write one cluster's config when concurrent writers
 *     keep changing it, at least 1
 */
public record PublisherOptions(Duration ttl, Duration refreshBefore, int maxAttempts) {

    /** Validity of a published config unless configured otherwise. */
    public static final Duration DEFAULT_TTL = Duration.ofHours(24);

    /** Remaining validity below which an unchanged config is re-issued, unless configured otherwise. */
    public static final Duration DEFAULT_REFRESH_BEFORE = Duration.ofHours(12);

    /** Attempts per cluster unless configured otherwise. */
    public static final int DEFAULT_MAX_ATTEMPTS = 5;

    /**
     * Validates.
     *
     * @throws IllegalArgumentException naming the field when a value is out of range
     */
    public PublisherOptions {
        Objects.requireNonNull(ttl, "ttl");
        Objects.requireNonNull(refreshBefore, "refreshBefore");
        if (ttl.isZero() || ttl.isNegative()) {
            throw new IllegalArgumentException("ttl: must be positive, got " + ttl);
        }
        if (refreshBefore.isNegative() || refreshBefore.compareTo(ttl) >= 0) {
            throw new IllegalArgumentException("refreshBefore: must be at least 0 and shorter than ttl " + ttl
                    + ", got " + refreshBefore);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts: must be >= 1, got " + maxAttempts);
        }
    }

    /**
     * The defaults: 24 h validity, refreshed with 12 h left, 5 attempts.
     *
     * @return the default options
     */
    public static PublisherOptions defaults() {
        return new PublisherOptions(DEFAULT_TTL, DEFAULT_REFRESH_BEFORE, DEFAULT_MAX_ATTEMPTS);
    }
}
