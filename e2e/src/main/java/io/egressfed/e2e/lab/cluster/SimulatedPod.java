package io.egressfed.e2e.lab.cluster;

import java.util.Map;
import java.util.Objects;

/**
 * A running pod of a simulated cluster.
 *
 * @param name   the pod name
 * @param labels its labels
 * @param node   the node it runs on
 */
public record SimulatedPod(String name, Map<String, String> labels, String node) {

    /** Copies the labels. */
    public SimulatedPod {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(node, "node");
        labels = Map.copyOf(labels);
    }
}
