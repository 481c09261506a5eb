package io.egressfed.e2e.lab.chaos;

import java.util.Objects;
import java.util.Set;

/**
 * One member cluster at the end of a run.
 *
 * @param cluster        the cluster
 * @param healthy        whether every fault injected into it is healed (gateways Ready, agent running,
 *                       link up)
 * @param connected      whether the hub sees its agent connected
 * @param desiredVersion the newest config version the hub holds for it
 * @param appliedVersion the version its agent last ACKed
 * @param held           the IPs its dataplane holds now
 */
public record ClusterState(String cluster, boolean healthy, boolean connected, long desiredVersion,
        long appliedVersion, Set<String> held) {

    /** Copies the set. */
    public ClusterState {
        Objects.requireNonNull(cluster, "cluster");
        held = Set.copyOf(held);
    }
}
