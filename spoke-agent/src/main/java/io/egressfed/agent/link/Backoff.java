package io.egressfed.agent.link;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Jittered exponential backoff between reconnection attempts: attempt n waits a random time between
 * half and all of {@code min(cap, initial * 2^n)}, so that agents cut off together do not reconnect
 * together, yet never wait longer than the cap. Thread-safe.
 */
public final class Backoff {

    private final long initialNanos;
    private final long capNanos;
    private final RandomGenerator random;
    private int attempt;

    /**
     * Creates a backoff.
     *
     * @param initial the ceiling of the first delay, positive
     * @param cap the largest delay, at least {@code initial}
     * @param random the jitter source
     */
    public Backoff(Duration initial, Duration cap, RandomGenerator random) {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(cap, "cap");
        if (initial.isNegative() || initial.isZero()) {
            throw new IllegalArgumentException("initial: must be positive, got " + initial);
        }
        if (cap.compareTo(initial) < 0) {
            throw new IllegalArgumentException("cap: must be at least initial (" + initial + "), got " + cap);
        }
        this.initialNanos = initial.toNanos();
        this.capNanos = cap.toNanos();
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * Returns the delay before the next attempt and moves to the next step.
     *
     * @return a delay in {@code [ceiling/2, ceiling]}, the ceiling doubling per call up to the cap
     */
    public synchronized Duration next() {
        long ceiling = capNanos;
        // Beyond 62 doublings the shift would overflow; the cap has been reached long before.
        if (attempt < 62 && initialNanos <= capNanos >> attempt) {
            ceiling = Math.min(capNanos, initialNanos << attempt);
        }
        attempt++;
        long half = ceiling / 2;
        return Duration.ofNanos(half + random.nextLong(ceiling - half + 1));
    }

    /** Starts over from the initial delay, after a healthy connection. */
    public synchronized void reset() {
        attempt = 0;
    }
}
