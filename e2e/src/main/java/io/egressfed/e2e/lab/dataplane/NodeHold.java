package io.egressfed.e2e.lab.dataplane;

import java.util.Comparator;
import java.util.Objects;

/**
 * One egress IP held on one gateway node of a cluster.
 *
 * @param ip   the IP, in canonical text form
 * @param node the gateway node that carries it
 */
public record NodeHold(String ip, String node) implements Comparable<NodeHold> {

    private static final Comparator<NodeHold> ORDER = Comparator.comparing(NodeHold::ip)
            .thenComparing(NodeHold::node);

    /** Checks the fields. */
    public NodeHold {
        Objects.requireNonNull(ip, "ip");
        Objects.requireNonNull(node, "node");
    }

    @Override
    public int compareTo(NodeHold other) {
        return ORDER.compare(this, other);
    }
}
