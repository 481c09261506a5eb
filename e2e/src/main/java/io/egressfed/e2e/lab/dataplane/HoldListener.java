package io.egressfed.e2e.lab.dataplane;

import java.util.Set;

/** Told every observation of a cluster's holds, with the gateway node of each. */
@FunctionalInterface
public interface HoldListener {

    /**
     * Called, serialized per cluster and in observation order, each time a cluster's backend objects
     * changed.
     *
     * @param cluster the cluster
     * @param held    everything it holds now
     * @param atNanos when this was observed, on the lab's monotonic clock
     */
    void observed(String cluster, Set<NodeHold> held, long atNanos);
}
