package io.egressfed.hub.coordinator;

import java.time.Instant;
import java.util.Objects;

/**
 * Everything the {@link PlacementDecider} needs that is not about one intent.
 *
 * @param health the agents' health as of now
 * @param nowNanos now on {@link System#nanoTime()}'s scale (deadlines and stabilization)
 * @param now now on the wall clock (only stamped into {@code decided_at})
 * @param settings lease, margin and stabilization
 */
public record DecisionContext(HealthView health, long nowNanos, Instant now, FailoverSettings settings) {

    /** Requires every component. */
    public DecisionContext {
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(settings, "settings");
    }
}
