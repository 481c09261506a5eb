package io.egressfed.agent.backend;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import java.util.List;
import java.util.Optional;

/**
 * What the backends see of the cluster: informer caches, never a fresh API call, so that planning is
 * cheap enough to run on every event.
 */
public interface ClusterView {

    /**
     * Every node.
     *
     * @return a snapshot list
     */
    List<Node> nodes();

    /**
     * One node.
     *
     * @param name the node name
     * @return the node, or empty when there is none of that name
     */
    Optional<Node> node(String name);

    /**
     * The CiliumNode of a node (same name). Always empty when CiliumNodes are not watched.
     *
     * @param name the node name
     * @return the CiliumNode, or empty
     */
    Optional<GenericKubernetesResource> ciliumNode(String name);

    /**
     * Whether CiliumNodes are watched at all (the CRD exists in the cluster).
     *
     * @return true when {@link #ciliumNode} reflects the cluster
     */
    boolean watchesCiliumNodes();

    /**
     * The objects of a kind that carry the egressfed ownership label. Empty when the kind is not
     * watched (e.g. its CRD is missing).
     *
     * @param kind the kind
     * @param <T>  its model type
     * @return a snapshot list
     */
    <T extends HasMetadata> List<T> owned(OwnedKind<T> kind);

    /**
     * One owned object.
     *
     * @param kind the kind
     * @param key  its identity
     * @param <T>  its model type
     * @return the cached object, or empty
     */
    <T extends HasMetadata> Optional<T> owned(OwnedKind<T> kind, ObjectKey key);
}
