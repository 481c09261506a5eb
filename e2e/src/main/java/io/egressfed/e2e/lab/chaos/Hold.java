package io.egressfed.e2e.lab.chaos;

import java.util.Objects;

/**
 * A span during which one cluster held one egress IP on one gateway node, on the machine-wide monotonic
 * clock ({@link System#nanoTime()}, comparable across processes on Linux). The end is exclusive.
 *
 * @param cluster   the cluster
 * @param ip        the egress IP, canonical
 * @param node      the gateway node
 * @param fromNanos when the hold was first observed
 * @param toNanos   when it was observed to end (for a hold still open at the end of the run: the end of
 *                  the observation)
 */
public record Hold(String cluster, String ip, String node, long fromNanos, long toNanos) {

    /** Checks the fields. */
    public Hold {
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(ip, "ip");
        Objects.requireNonNull(node, "node");
        if (toNanos < fromNanos) {
            throw new IllegalArgumentException("toNanos: " + toNanos + " is before fromNanos " + fromNanos);
        }
    }
}
