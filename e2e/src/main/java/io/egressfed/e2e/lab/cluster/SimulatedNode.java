package io.egressfed.e2e.lab.cluster;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One node of a simulated cluster, seeded as a Node and a CiliumNode of the same name.
 *
 * @param name      the node name, also its {@code kubernetes.io/hostname} label
 * @param labels    labels beyond the hostname, copied onto the CiliumNode as Cilium would
 * @param egressIps the egress addresses configured on the node (published in the
 *                  {@link SimulatedCluster#EGRESS_IPS_ANNOTATION} annotation); empty for non-gateways
 */
public record SimulatedNode(String name, Map<String, String> labels, List<String> egressIps) {

    /** Copies the collections. */
    public SimulatedNode {
        Objects.requireNonNull(name, "name");
        labels = Map.copyOf(labels);
        egressIps = List.copyOf(egressIps);
    }
}
