package io.egressfed.agent.lease;

import java.time.Duration;
import java.util.Objects;

/**
 * Whether the agent holds a live lease for one (intent, epoch) now.
 *
 * @param live      whether the assignment at that epoch may carry its address
 * @param remaining how long the lease stays live without renewal (zero when not live)
 * @param reason    why it is not live, for logs and the health report ("" when live)
 */
public record LeaseStatus(boolean live, Duration remaining, String reason) {

    /** Checks that a live lease has time left and a lapsed one says why. */
    public LeaseStatus {
        Objects.requireNonNull(remaining, "remaining");
        Objects.requireNonNull(reason, "reason");
        if (live && (remaining.isNegative() || remaining.isZero())) {
            throw new IllegalArgumentException("a live lease must have time left, got " + remaining);
        }
        if (!live && reason.isBlank()) {
            throw new IllegalArgumentException("a lease that is not live needs a reason");
        }
    }

    /**
     * A live lease.
     *
     * @param remaining time left
     * @return the status
     */
    public static LeaseStatus live(Duration remaining) {
        return new LeaseStatus(true, remaining, "");
    }

    /**
     * No live lease.
     *
     * @param reason why
     * @return the status
     */
    public static LeaseStatus none(String reason) {
        return new LeaseStatus(false, Duration.ZERO, reason);
    }
}
