package io.egressfed.agent.election;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;

/**
 * Whether a standby replica takes over fast enough after the leader crashes. A crashed leader cannot fence
 * its ActivePassive objects; its successor fences them once it holds the Lease, which may take up to the
 * election's lease duration plus one retry period. The hub activates another cluster for those assignments
 * {@code failoverAfter} (its lease + margin) after its last grant. Only a takeover shorter than that keeps
 * an egress IP from being held by two clusters at once.
 *
 * @param electionLeaseDuration the election Lease's duration ({@code --leader-election-lease-duration})
 * @param retryPeriod           the election's retry period ({@code --leader-election-retry-period})
 * @param failoverAfter         the hub's lease + margin, as its grants state it ({@code lease.failover_after})
 */
public record TakeoverCheck(Duration electionLeaseDuration, Duration retryPeriod, Duration failoverAfter) {

    /** Checks that every duration is positive; the error names the field. */
    public TakeoverCheck {
        requirePositive(electionLeaseDuration, "--leader-election-lease-duration");
        requirePositive(retryPeriod, "--leader-election-retry-period");
        requirePositive(failoverAfter, "lease.failover_after");
    }

    /**
     * The check of an election's timing against the hub's failover delay.
     *
     * @param election      the election's settings
     * @param failoverAfter the hub's lease + margin
     * @return the check
     * @throws IllegalArgumentException when {@code failoverAfter} is not positive
     */
    public static TakeoverCheck of(LeaderElectionSettings election, Duration failoverAfter) {
        return new TakeoverCheck(election.leaseDuration(), election.retryPeriod(), failoverAfter);
    }

    /** @return the longest a standby may need to hold the Lease after the leader died */
    public Duration takeover() {
        return electionLeaseDuration.plus(retryPeriod);
    }

    /** @return whether the standby holds the Lease (and fences) before the hub may activate another cluster */
    public boolean safe() {
        return takeover().compareTo(failoverAfter) < 0;
    }

    /** @return what is wrong and which settings fix it, on either side; meant for the log when not {@link #safe()} */
    public String warning() {
        return "Agent takeover (" + seconds(takeover()) + " = --leader-election-lease-duration "
                + seconds(electionLeaseDuration) + " + --leader-election-retry-period " + seconds(retryPeriod)
                + ") is not shorter than the hub's failover delay (" + seconds(failoverAfter)
                + " = --lease-duration + --lease-margin): if the leading agent crashes, the hub may activate another"
                + " cluster before the standby fences this one, and an egress IP could be held by both. Shorten the"
                + " agent's --leader-election-lease-duration / --leader-election-retry-period (chart values"
                + " leaderElection.leaseDuration / leaderElection.retryPeriod) or lengthen the hub's --lease-margin /"
                + " --lease-duration (chart values hub.leaseMargin / hub.leaseDuration)";
    }

    /** @return a one-line statement that the takeover is fast enough */
    public String confirmation() {
        return "Agent takeover (" + seconds(takeover()) + ") is shorter than the hub's failover delay ("
                + seconds(failoverAfter) + ")";
    }

    /** Seconds as the flags take them ({@code 4s}, {@code 4.5s}). */
    private static String seconds(Duration duration) {
        return BigDecimal.valueOf(duration.toMillis(), 3).stripTrailingZeros().toPlainString() + "s";
    }

    private static void requirePositive(Duration value, String field) {
        Objects.requireNonNull(value, field);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(field + ": must be positive, got " + value);
        }
    }
}
