package io.egressfed.e2e.lab.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a simulated cluster starts with.
 *
 * @param cluster    the cluster name (nodes are conventionally named {@code <cluster>-node-<i>})
 * @param nodes      its nodes, all Ready at start
 * @param namespaces its namespaces and their pods
 */
public record ClusterSeed(String cluster, List<SimulatedNode> nodes, List<SimulatedNamespace> namespaces) {

    /** The label that marks candidate gateway nodes in the lab (and in examples/clusters.yaml). */
    public static final String GATEWAY_LABEL = "egress-gateway";

    /** Copies the collections and checks that every pod runs on a seeded node. */
    public ClusterSeed {
        Objects.requireNonNull(cluster, "cluster");
        nodes = List.copyOf(nodes);
        namespaces = List.copyOf(namespaces);
        List<String> nodeNames = nodes.stream().map(SimulatedNode::name).toList();
        for (SimulatedNamespace namespace : namespaces) {
            for (SimulatedPod pod : namespace.pods()) {
                if (!nodeNames.contains(pod.node())) {
                    throw new IllegalArgumentException("namespaces[" + namespace.name() + "].pods[" + pod.name()
                            + "].node: " + pod.node() + " is not a node of cluster " + cluster);
                }
            }
        }
    }

    /**
     * Nodes {@code <cluster>-node-0 .. <cluster>-node-<count-1>}; the first {@code gateways} of them carry
     * {@code egress-gateway: "true"} and the given egress addresses.
     *
     * @throws IllegalArgumentException when {@code gateways} is negative or above {@code count}
     */
    public static List<SimulatedNode> nodes(String cluster, int count, int gateways, List<String> gatewayEgressIps) {
        if (count < 1 || gateways < 0 || gateways > count) {
            throw new IllegalArgumentException("nodes: need 1 <= count and 0 <= gateways <= count, got count="
                    + count + " gateways=" + gateways);
        }
        List<SimulatedNode> nodes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            boolean gateway = i < gateways;
            nodes.add(new SimulatedNode(nodeName(cluster, i),
                    gateway ? Map.of(GATEWAY_LABEL, "true") : Map.of(),
                    gateway ? gatewayEgressIps : List.of()));
        }
        return nodes;
    }

    /** The conventional name of node {@code index} of {@code cluster}. */
    public static String nodeName(String cluster, int index) {
        return cluster + "-node-" + index;
    }
}
