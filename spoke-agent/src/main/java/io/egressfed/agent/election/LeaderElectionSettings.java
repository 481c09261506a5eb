package io.egressfed.agent.election;

import java.time.Duration;
import java.util.Objects;

/**
 * How agent replicas elect their leader. The timing follows Kubernetes' own controllers: a leader that
 * could not renew within {@code renewDeadline} gives up; another replica may take the Lease once
 * {@code leaseDuration} passed since its last renewal; candidates retry every {@code retryPeriod}.
 *
 * @param namespace     the namespace of the Lease (the agent's)
 * @param leaseName     the Lease's name
 * @param identity      this replica's identity, unique among the replicas (e.g. the pod name)
 * @param leaseDuration how long a Lease holds without renewal
 * @param renewDeadline how long the leader keeps trying to renew before it gives up
 * @param retryPeriod   the interval between attempts to acquire or renew
 */
public record LeaderElectionSettings(String namespace, String leaseName, String identity, Duration leaseDuration,
                                     Duration renewDeadline, Duration retryPeriod) {

    /** Default Lease name. */
    public static final String DEFAULT_LEASE_NAME = "egressfed-agent";
    /**
     * Default lease duration. With the default retry period a standby takes over within 5 s, shorter than
     * the hub's default failover delay (lease 5 s + margin 1 s), so a crashed leader is fenced by its
     * successor before the hub may move its egress IPs (the agent chart uses the same values).
     */
    public static final Duration DEFAULT_LEASE_DURATION = Duration.ofSeconds(4);
    /** Default renew deadline. */
    public static final Duration DEFAULT_RENEW_DEADLINE = Duration.ofSeconds(3);
    /** Default retry period. */
    public static final Duration DEFAULT_RETRY_PERIOD = Duration.ofSeconds(1);

    /** The retry period times this must stay below the renew deadline (the elector jitters retries by it). */
    private static final double JITTER = 1.2;

    /** Checks the names and that the timing can work. */
    public LeaderElectionSettings {
        requireText(namespace, "namespace");
        requireText(leaseName, "--leader-election-lease");
        requireText(identity, "identity");
        Objects.requireNonNull(leaseDuration, "leaseDuration");
        Objects.requireNonNull(renewDeadline, "renewDeadline");
        Objects.requireNonNull(retryPeriod, "retryPeriod");
        if (retryPeriod.isNegative() || retryPeriod.isZero()) {
            throw new IllegalArgumentException("--leader-election-retry-period: must be positive, got " + retryPeriod);
        }
        if (renewDeadline.compareTo(leaseDuration) >= 0) {
            throw new IllegalArgumentException("--leader-election-renew-deadline (" + renewDeadline
                    + ") must be shorter than --leader-election-lease-duration (" + leaseDuration
                    + "), or a leader could still write after another replica took over");
        }
        if (renewDeadline.toMillis() <= JITTER * retryPeriod.toMillis()) {
            throw new IllegalArgumentException("--leader-election-renew-deadline (" + renewDeadline
                    + ") must be longer than " + JITTER + " x --leader-election-retry-period (" + retryPeriod + ")");
        }
    }

    /**
     * Settings with the default Lease name and timing.
     *
     * @param namespace the Lease's namespace
     * @param identity  this replica's identity
     * @return the settings
     */
    public static LeaderElectionSettings of(String namespace, String identity) {
        return new LeaderElectionSettings(namespace, DEFAULT_LEASE_NAME, identity, DEFAULT_LEASE_DURATION,
                DEFAULT_RENEW_DEADLINE, DEFAULT_RETRY_PERIOD);
    }

    private static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + ": must not be blank");
        }
    }
}
