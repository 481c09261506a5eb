package io.egressfed.hub.coordinator;

import java.time.Duration;
import java.util.Objects;

/**
 * Timing of cross-cluster failover, on the coordinator's monotonic clock.
 *
 * @param leaseDuration the lease every ActivePassive ACTIVE assignment holds without renewal (the
 *     compiler's lease; at least as long as what the replicas grant)
 * @param leaseMargin added to {@code leaseDuration} before a withdrawn cluster whose agent never ACKed
 *     its withdrawal is presumed fenced; covers transit and clock-rate differences (default 1 s)
 * @param stabilization how long a more preferred cluster must stay healthy before Auto failback moves
 *     an intent back to it (default 3 s)
 */
public record FailoverSettings(Duration leaseDuration, Duration leaseMargin, Duration stabilization) {

    /** Default lease margin. */
    public static final Duration DEFAULT_LEASE_MARGIN = Duration.ofSeconds(1);
    /** Default failback stabilization. */
    public static final Duration DEFAULT_STABILIZATION = Duration.ofSeconds(3);

    /**
     * Validates.
     *
     * @throws IllegalArgumentException naming the field when the lease is not positive or the margin or
     *     stabilization is negative
     */
    public FailoverSettings {
        Objects.requireNonNull(leaseDuration, "leaseDuration");
        Objects.requireNonNull(leaseMargin, "leaseMargin");
        Objects.requireNonNull(stabilization, "stabilization");
        if (leaseDuration.isZero() || leaseDuration.isNegative()) {
            throw new IllegalArgumentException("leaseDuration: must be positive, got " + leaseDuration);
        }
        if (leaseMargin.isNegative()) {
            throw new IllegalArgumentException("leaseMargin: must not be negative, got " + leaseMargin);
        }
        if (stabilization.isNegative()) {
            throw new IllegalArgumentException("stabilization: must not be negative, got " + stabilization);
        }
    }

    /**
     * The defaults around a lease.
     *
     * @param leaseDuration the lease
     * @return settings with the default margin and stabilization
     */
    public static FailoverSettings withLease(Duration leaseDuration) {
        return new FailoverSettings(leaseDuration, DEFAULT_LEASE_MARGIN, DEFAULT_STABILIZATION);
    }

    /**
     * How long after a withdrawal commit an unacknowledged withdrawn cluster is presumed fenced.
     *
     * @return {@code leaseDuration + leaseMargin}
     */
    public Duration withdrawalTimeout() {
        return leaseDuration.plus(leaseMargin);
    }
}
