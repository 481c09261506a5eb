package io.egressfed.hub.compile;

import java.time.Duration;
import java.util.Objects;

/**
 * Tunables of the {@link ConfigCompiler}. They are part of the compiled content: changing one
 * changes the configs it affects, and so their versions.
 *
 * @param leaseDuration how long an ActivePassive ACTIVE assignment holds without a lease renewal
 *     from the hub; written into every ActivePassive assignment
 */
public record CompileOptions(Duration leaseDuration) {

    /** The lease an ActivePassive assignment gets unless configured otherwise. */
    public static final Duration DEFAULT_LEASE_DURATION = Duration.ofSeconds(5);

    /**
     * Validates.
     *
     * @throws IllegalArgumentException when {@code leaseDuration} is not positive
     */
    public CompileOptions {
        Objects.requireNonNull(leaseDuration, "leaseDuration");
        if (leaseDuration.isZero() || leaseDuration.isNegative()) {
            throw new IllegalArgumentException("leaseDuration: must be positive, got " + leaseDuration);
        }
    }

    /**
     * The default options.
     *
     * @return options with {@link #DEFAULT_LEASE_DURATION}
     */
    public static CompileOptions defaults() {
        return new CompileOptions(DEFAULT_LEASE_DURATION);
    }
}
