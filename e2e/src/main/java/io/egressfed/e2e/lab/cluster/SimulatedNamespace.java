package io.egressfed.e2e.lab.cluster;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A namespace of a simulated cluster with its pods.
 *
 * @param name   the namespace name
 * @param labels its labels (what egress intents' namespace selectors match)
 * @param pods   the pods running in it
 */
public record SimulatedNamespace(String name, Map<String, String> labels, List<SimulatedPod> pods) {

    /** Copies the collections. */
    public SimulatedNamespace {
        Objects.requireNonNull(name, "name");
        labels = Map.copyOf(labels);
        pods = List.copyOf(pods);
    }
}
