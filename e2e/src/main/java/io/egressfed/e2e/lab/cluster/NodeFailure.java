package io.egressfed.e2e.lab.cluster;

/** How {@link GatewayNodeSimulator} takes a node out of service. */
public enum NodeFailure {
    /** The node's {@code Ready} condition turns {@code False}, as when its kubelet stops. */
    NOT_READY,
    /** The node is cordoned ({@code spec.unschedulable: true}); it stays Ready. */
    CORDON,
    /** The Node and its CiliumNode are deleted, as when the machine is removed. */
    DELETE
}
