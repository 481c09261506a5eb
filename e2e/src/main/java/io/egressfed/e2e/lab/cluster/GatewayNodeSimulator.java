package io.egressfed.e2e.lab.cluster;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Simulated gateway node failures in one simulated cluster: takes a node out of service in one of the
 * {@link NodeFailure} ways and restores it. Each call returns once the API server accepted the change,
 * with the reading of the lab's monotonic clock just before the change was sent: the instant of the
 * simulated event, from which every reaction (seen through watches) can be timed.
 */
public final class GatewayNodeSimulator {

    private final KubernetesClient client;
    private final LongSupplier monotonicNanos;
    private final Map<String, NodeFailure> failed = new ConcurrentHashMap<>();
    private final Map<String, Removed> removed = new ConcurrentHashMap<>();

    private record Removed(Node node, GenericKubernetesResource ciliumNode) {
    }

    /**
     * @param client         a client of the simulated cluster
     * @param monotonicNanos the lab's monotonic clock, e.g. {@code System::nanoTime}
     */
    public GatewayNodeSimulator(KubernetesClient client, LongSupplier monotonicNanos) {
        this.client = Objects.requireNonNull(client, "client");
        this.monotonicNanos = Objects.requireNonNull(monotonicNanos, "monotonicNanos");
    }

    /**
     * Takes {@code node} out of service.
     *
     * @return the monotonic clock reading just before the change was sent
     * @throws IllegalArgumentException when the node does not exist
     * @throws IllegalStateException    when the node is already failed
     */
    public long fail(String node, NodeFailure how) {
        Node current = client.nodes().withName(node).get();
        if (current == null) {
            throw new IllegalArgumentException("node " + node + ": no such node");
        }
        NodeFailure already = failed.get(node);
        if (already != null) {
            throw new IllegalStateException("node " + node + " is already failed (" + already + ")");
        }
        GenericKubernetesResource ciliumNode = how == NodeFailure.DELETE
                ? CiliumResources.ciliumNodes(client).withName(node).get() : null;
        long at = monotonicNanos.getAsLong();
        switch (how) {
            case NOT_READY -> setReady(node, "False", "SimulatedFailure",
                    "simulated: kubelet stopped posting node status");
            case CORDON -> client.nodes().withName(node).edit(n -> {
                n.getSpec().setUnschedulable(true);
                return n;
            });
            case DELETE -> {
                removed.put(node, new Removed(current, ciliumNode));
                client.nodes().withName(node).delete();
                if (ciliumNode != null) {
                    CiliumResources.ciliumNodes(client).withName(node).delete();
                }
            }
        }
        failed.put(node, how);
        return at;
    }

    /**
     * Brings a failed node back: Ready again, uncordoned, or re-created with its labels and annotations.
     *
     * @return the monotonic clock reading just before the change was sent
     * @throws IllegalStateException when the node was not failed by this simulator
     */
    public long restore(String node) {
        NodeFailure how = failed.get(node);
        if (how == null) {
            throw new IllegalStateException("node " + node + " is not failed");
        }
        long at = monotonicNanos.getAsLong();
        switch (how) {
            case NOT_READY -> setReady(node, "True", "KubeletReady", "simulated kubelet is posting ready status");
            case CORDON -> client.nodes().withName(node).edit(n -> {
                n.getSpec().setUnschedulable(null);
                return n;
            });
            case DELETE -> {
                Removed gone = removed.remove(node);
                client.nodes().resource(fresh(gone.node())).create();
                if (gone.ciliumNode() != null) {
                    CiliumResources.ciliumNodes(client).resource(fresh(gone.ciliumNode())).create();
                }
            }
        }
        failed.remove(node);
        return at;
    }

    /** The nodes this simulator has failed and not restored, with how. */
    public Map<String, NodeFailure> failed() {
        return Map.copyOf(failed);
    }

    private void setReady(String node, String status, String reason, String message) {
        client.nodes().withName(node).editStatus(n -> {
            for (NodeCondition condition : n.getStatus().getConditions()) {
                if ("Ready".equals(condition.getType())) {
                    condition.setStatus(status);
                    condition.setReason(reason);
                    condition.setMessage(message);
                }
            }
            return n;
        });
    }

    /** A copy that can be created again: without the identity the API server assigned. */
    private static <T extends HasMetadata> T fresh(T object) {
        object.getMetadata().setResourceVersion(null);
        object.getMetadata().setUid(null);
        object.getMetadata().setCreationTimestamp(null);
        object.getMetadata().setDeletionTimestamp(null);
        return object;
    }
}
