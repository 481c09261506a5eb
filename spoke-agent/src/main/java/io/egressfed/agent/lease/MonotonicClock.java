package io.egressfed.agent.lease;

/**
 * A monotonic time source in nanoseconds, as {@link System#nanoTime()}: only differences between two
 * readings mean anything. Leases are measured on it so that wall-clock steps cannot stretch them.
 */
@FunctionalInterface
public interface MonotonicClock {

    /**
     * Reads the clock.
     *
     * @return nanoseconds since an arbitrary origin fixed for this clock
     */
    long nanoTime();

    /**
     * The JVM's monotonic clock.
     *
     * @return a clock reading {@link System#nanoTime()}
     */
    static MonotonicClock system() {
        return System::nanoTime;
    }
}
