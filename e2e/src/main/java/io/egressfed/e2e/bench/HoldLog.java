package io.egressfed.e2e.bench;

import io.egressfed.e2e.lab.dataplane.HoldListener;
import io.egressfed.e2e.lab.dataplane.NodeHold;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * Every observation of every watched cluster's holds (which egress IP on which gateway node), in order,
 * on the lab's monotonic clock; failover times are read from it.
 */
public final class HoldLog implements HoldListener {

    /**
     * What one cluster held at one instant.
     *
     * @param cluster the cluster
     * @param held its holds
     * @param atNanos when observed
     */
    public record Observation(String cluster, Set<NodeHold> held, long atNanos) {

        /** Whether {@code ip} is held here, on any node. */
        public boolean holds(String ip) {
            return held.stream().anyMatch(hold -> hold.ip().equals(ip));
        }

        /** The node carrying {@code ip}, if held. */
        public Optional<String> nodeOf(String ip) {
            return held.stream().filter(hold -> hold.ip().equals(ip)).map(NodeHold::node).findFirst();
        }
    }

    private final List<Observation> observations = new CopyOnWriteArrayList<>();

    @Override
    public void observed(String cluster, Set<NodeHold> held, long atNanos) {
        observations.add(new Observation(cluster, Set.copyOf(held), atNanos));
    }

    /** The first observation at or after {@code notBeforeNanos} that matches. */
    public Optional<Observation> first(long notBeforeNanos, Predicate<Observation> matching) {
        return observations.stream().filter(o -> o.atNanos() >= notBeforeNanos).filter(matching).findFirst();
    }

    /** The latest observation of {@code cluster}, if any. */
    public Optional<Observation> latest(String cluster) {
        Observation found = null;
        for (Observation observation : observations) {
            if (observation.cluster().equals(cluster)) {
                found = observation;
            }
        }
        return Optional.ofNullable(found);
    }

    /** Every observation so far, in order. */
    public List<Observation> all() {
        return List.copyOf(observations);
    }
}
