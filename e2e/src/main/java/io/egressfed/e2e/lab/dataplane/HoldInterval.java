package io.egressfed.e2e.lab.dataplane;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * A span of time during which one cluster held one egress IP, on the lab's monotonic clock.
 *
 * @param cluster   the cluster
 * @param ip        the egress IP
 * @param fromNanos when the hold was first observed
 * @param toNanos   when it was observed to end; empty while it lasts
 */
public record HoldInterval(String cluster, String ip, long fromNanos, OptionalLong toNanos) {

    /** Checks the fields. */
    public HoldInterval {
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(ip, "ip");
        Objects.requireNonNull(toNanos, "toNanos");
        if (toNanos.isPresent() && toNanos.getAsLong() < fromNanos) {
            throw new IllegalArgumentException("toNanos: " + toNanos.getAsLong() + " is before fromNanos " + fromNanos);
        }
    }

    /** True while the hold lasts. */
    public boolean open() {
        return toNanos.isEmpty();
    }

    /** True when the hold covers the instant {@code atNanos} (the end is exclusive). */
    public boolean covers(long atNanos) {
        return fromNanos <= atNanos && (toNanos.isEmpty() || atNanos < toNanos.getAsLong());
    }
}
