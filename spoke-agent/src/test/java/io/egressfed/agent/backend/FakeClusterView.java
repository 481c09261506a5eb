package io.egressfed.agent.backend;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An in-memory {@link ClusterView} for unit tests of planning. */
public final class FakeClusterView implements ClusterView {

    private final Map<String, Node> nodes = new HashMap<>();
    private final Map<String, GenericKubernetesResource> ciliumNodes = new HashMap<>();
    private final Map<ObjectKey, HasMetadata> owned = new HashMap<>();

    /**
     * Adds a node.
     *
     * @param name        its name
     * @param labels      its labels
     * @param ready       its Ready condition
     * @param cordoned    whether it is unschedulable
     * @param egressIps   its egress address annotation (null for none)
     * @param ciliumNode  whether it has a CiliumNode labelled with its hostname
     * @return this view
     */
    public FakeClusterView node(String name, Map<String, String> labels, boolean ready, boolean cordoned,
                                String egressIps, boolean ciliumNode) {
        nodes.put(name, new NodeBuilder()
                .withNewMetadata().withName(name).withLabels(labels)
                .withAnnotations(egressIps == null ? Map.of() : Map.of(Ownership.EGRESS_IPS, egressIps)).endMetadata()
                .withNewSpec().withUnschedulable(cordoned).endSpec()
                .withNewStatus().addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition()
                .endStatus().build());
        if (ciliumNode) {
            GenericKubernetesResource resource = new GenericKubernetesResource();
            resource.setMetadata(new ObjectMetaBuilder().withName(name)
                    .withLabels(Map.of(Ownership.HOSTNAME, "host-" + name)).build());
            ciliumNodes.put(name, resource);
        }
        return this;
    }

    /**
     * Puts an owned object into the cache.
     *
     * @param kind   its kind
     * @param object the object
     * @return this view
     */
    public FakeClusterView owned(OwnedKind<?> kind, HasMetadata object) {
        owned.put(ObjectKey.of(kind.kind(), object), object);
        return this;
    }

    @Override
    public List<Node> nodes() {
        return new ArrayList<>(nodes.values());
    }

    @Override
    public Optional<Node> node(String name) {
        return Optional.ofNullable(nodes.get(name));
    }

    @Override
    public Optional<GenericKubernetesResource> ciliumNode(String name) {
        return Optional.ofNullable(ciliumNodes.get(name));
    }

    @Override
    public boolean watchesCiliumNodes() {
        return true;
    }

    @Override
    public <T extends HasMetadata> List<T> owned(OwnedKind<T> kind) {
        return owned.entrySet().stream().filter(e -> e.getKey().kind().equals(kind.kind()))
                .map(e -> kind.type().cast(e.getValue())).toList();
    }

    @Override
    public <T extends HasMetadata> Optional<T> owned(OwnedKind<T> kind, ObjectKey key) {
        return Optional.ofNullable(owned.get(key)).map(kind.type()::cast);
    }
}
