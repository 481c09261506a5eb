package io.egressfed.e2e.lab.dataplane;

import java.util.Objects;

/**
 * One line of a {@link HoldJournal}: a hold started or ended.
 *
 * @param cluster the cluster
 * @param ip      the egress IP, canonical
 * @param node    the gateway node carrying it
 * @param event   {@value #START} or {@value #END}
 * @param nanos   when, on the machine's monotonic clock ({@link System#nanoTime()})
 */
public record HoldEvent(String cluster, String ip, String node, String event, long nanos) {

    /** The hold began. */
    public static final String START = "start";
    /** The hold ended. */
    public static final String END = "end";

    /** Checks the fields. */
    public HoldEvent {
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(ip, "ip");
        Objects.requireNonNull(node, "node");
        if (!START.equals(event) && !END.equals(event)) {
            throw new IllegalArgumentException("event: expected start or end, got '" + event + "'");
        }
    }

    /** True for a start. */
    public boolean starts() {
        return START.equals(event);
    }
}
