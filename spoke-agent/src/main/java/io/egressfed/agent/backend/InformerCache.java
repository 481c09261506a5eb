package io.egressfed.agent.backend;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A {@link ClusterView} backed by shared informers: Nodes, CiliumNodes (once their CRD is known to
 * exist) and each owned kind, filtered by the ownership label. Every event is passed to a
 * {@link ClusterChangeListener}; nothing is ever polled. Informers start on demand and stop on
 * {@link #close()}.
 */
public final class InformerCache implements ClusterView, AutoCloseable {

    private final KubernetesClient client;
    private final ClusterChangeListener listener;
    private volatile SharedIndexInformer<Node> nodes;
    private volatile SharedIndexInformer<GenericKubernetesResource> ciliumNodes;
    private final Map<String, List<? extends SharedIndexInformer<? extends HasMetadata>>> owned =
            new ConcurrentHashMap<>();

    /**
     * Creates a cache that watches nothing yet.
     *
     * @param client   the cluster's client
     * @param listener told of every change
     */
    public InformerCache(KubernetesClient client, ClusterChangeListener listener) {
        this.client = client;
        this.listener = listener;
    }

    /** Starts the Node informer unless it runs already; blocks until its first list is cached. */
    public synchronized void watchNodes() {
        if (nodes == null) {
            nodes = client.nodes().inform(handler(object -> listener.changed(Optional.empty())), 0);
        }
    }

    /**
     * Starts the CiliumNode informer unless it runs already; blocks until its first list is cached.
     *
     * @param ciliumNodeContext the CiliumNode resource definition
     */
    public synchronized void watchCiliumNodes(ResourceDefinitionContext ciliumNodeContext) {
        if (ciliumNodes == null) {
            ciliumNodes = client.genericKubernetesResources(ciliumNodeContext)
                    .inform(handler(object -> listener.changed(Optional.empty())), 0);
        }
    }

    /**
     * Starts the informer of an owned kind unless it runs already; blocks until its first list is cached.
     *
     * @param kind the kind
     * @param <T>  its model type
     */
    public synchronized <T extends HasMetadata> void watch(OwnedKind<T> kind) {
        if (!owned.containsKey(kind.kind())) {
            owned.put(kind.kind(), kind.inform(handler(
                    object -> listener.changed(Optional.of(ObjectKey.of(kind.kind(), object))))));
        }
    }

    /**
     * Whether an owned kind is watched.
     *
     * @param kind the kind
     * @return true once {@link #watch} succeeded for it
     */
    public boolean watches(OwnedKind<?> kind) {
        return owned.containsKey(kind.kind());
    }

    @Override
    public List<Node> nodes() {
        SharedIndexInformer<Node> informer = nodes;
        return informer == null ? List.of() : informer.getStore().list();
    }

    @Override
    public Optional<Node> node(String name) {
        SharedIndexInformer<Node> informer = nodes;
        return informer == null ? Optional.empty() : Optional.ofNullable(informer.getStore().getByKey(name));
    }

    @Override
    public Optional<GenericKubernetesResource> ciliumNode(String name) {
        SharedIndexInformer<GenericKubernetesResource> informer = ciliumNodes;
        return informer == null ? Optional.empty() : Optional.ofNullable(informer.getStore().getByKey(name));
    }

    @Override
    public boolean watchesCiliumNodes() {
        return ciliumNodes != null;
    }

    @Override
    public <T extends HasMetadata> List<T> owned(OwnedKind<T> kind) {
        List<? extends SharedIndexInformer<? extends HasMetadata>> informers = owned.getOrDefault(kind.kind(), List.of());
        return informers.stream().flatMap(informer -> informer.getStore().list().stream())
                .map(kind.type()::cast).toList();
    }

    @Override
    public <T extends HasMetadata> Optional<T> owned(OwnedKind<T> kind, ObjectKey key) {
        List<? extends SharedIndexInformer<? extends HasMetadata>> informers = owned.getOrDefault(kind.kind(), List.of());
        String cacheKey = key.namespace().isEmpty() ? key.name() : Cache.namespaceKeyFunc(key.namespace(), key.name());
        return informers.stream().map(informer -> informer.getStore().getByKey(cacheKey))
                .filter(Objects::nonNull).findFirst().map(kind.type()::cast);
    }

    @Override
    public synchronized void close() {
        owned.values().forEach(informers -> informers.forEach(SharedIndexInformer::stop));
        owned.clear();
        if (ciliumNodes != null) {
            ciliumNodes.stop();
            ciliumNodes = null;
        }
        if (nodes != null) {
            nodes.stop();
            nodes = null;
        }
    }

    private static <T> ResourceEventHandler<T> handler(Consumer<T> onEvent) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T object) {
                onEvent.accept(object);
            }

            @Override
            public void onUpdate(T before, T after) {
                onEvent.accept(after);
            }

            @Override
            public void onDelete(T object, boolean finalStateUnknown) {
                onEvent.accept(object);
            }
        };
    }
}
