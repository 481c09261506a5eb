package io.egressfed.e2e.lab.dataplane;

import io.egressfed.e2e.lab.cluster.CiliumResources;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Records, on one monotonic clock for all clusters, which egress IPs each cluster holds as derived from
 * its backend objects ({@link HeldAddresses}). Every change of a Node, CiliumNode,
 * CiliumEgressGatewayPolicy or Service re-derives the cluster's set and updates the {@link HoldTimeline}.
 *
 * <p>Holds are observed through watches, so each interval starts and ends a few milliseconds after the
 * API server stored the change that caused it.
 */
public final class DataplaneObserver implements AutoCloseable {

    private final LongSupplier monotonicNanos;
    private final HoldListener listener;
    private final HoldTimeline timeline = new HoldTimeline();
    private final Map<String, ClusterWatch> watches = new ConcurrentHashMap<>();

    /**
     * @param monotonicNanos the lab's monotonic clock, e.g. {@code System::nanoTime}
     */
    public DataplaneObserver(LongSupplier monotonicNanos) {
        this(monotonicNanos, (cluster, held, atNanos) -> { });
    }

    /**
     * @param monotonicNanos the lab's monotonic clock, e.g. {@code System::nanoTime}
     * @param listener       also told every observation, with the gateway node of each hold
     */
    public DataplaneObserver(LongSupplier monotonicNanos, HoldListener listener) {
        this.monotonicNanos = Objects.requireNonNull(monotonicNanos, "monotonicNanos");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * Starts observing {@code cluster}; returns once its current holds are recorded.
     *
     * @throws IllegalStateException when the cluster is already observed
     */
    public void watch(String cluster, KubernetesClient client) {
        ClusterWatch watch = new ClusterWatch(cluster);
        if (watches.putIfAbsent(cluster, watch) != null) {
            throw new IllegalStateException("cluster " + cluster + " is already observed");
        }
        try {
            watch.start(client);
        } catch (RuntimeException failure) {
            watches.remove(cluster);
            watch.close();
            throw failure;
        }
    }

    /** The intervals recorded so far. */
    public HoldTimeline timeline() {
        return timeline;
    }

    /** The IPs {@code cluster} holds now. */
    public Set<String> held(String cluster) {
        return timeline.held(cluster);
    }

    /** See {@link HoldTimeline#nextHold}. */
    public CompletableFuture<HoldInterval> nextHold(String cluster, String ip, long notBeforeNanos) {
        return timeline.nextHold(cluster, ip, notBeforeNanos);
    }

    /** Stops every watch; the timeline stays readable. */
    @Override
    public void close() {
        watches.values().forEach(ClusterWatch::close);
        watches.clear();
    }

    private final class ClusterWatch implements AutoCloseable {
        private final String cluster;
        private SharedIndexInformer<Node> nodes;
        private SharedIndexInformer<GenericKubernetesResource> ciliumNodes;
        private SharedIndexInformer<GenericKubernetesResource> policies;
        private SharedIndexInformer<Service> services;
        private volatile boolean started;

        ClusterWatch(String cluster) {
            this.cluster = cluster;
        }

        void start(KubernetesClient client) {
            nodes = client.nodes().inform(onChange());
            ciliumNodes = CiliumResources.ciliumNodes(client).inform(onChange());
            policies = CiliumResources.policies(client).inform(onChange());
            services = client.services().inAnyNamespace().inform(onChange());
            started = true;
            derive();
        }

        /** Serialized per cluster so that the timeline sees this cluster's observations in order. */
        synchronized void derive() {
            if (!started) {
                return;
            }
            ClusterObjects objects = new ClusterObjects(nodes.getStore().list(), ciliumNodes.getStore().list(),
                    policies.getStore().list(), services.getStore().list());
            Set<NodeHold> held = HeldAddresses.onNodes(objects);
            long at = monotonicNanos.getAsLong();
            Set<String> ips = new TreeSet<>();
            held.forEach(hold -> ips.add(hold.ip()));
            timeline.record(cluster, ips, at);
            listener.observed(cluster, held, at);
        }

        private <T> ResourceEventHandler<T> onChange() {
            return new ResourceEventHandler<>() {
                @Override
                public void onAdd(T object) {
                    derive();
                }

                @Override
                public void onUpdate(T before, T after) {
                    derive();
                }

                @Override
                public void onDelete(T object, boolean finalStateUnknown) {
                    derive();
                }
            };
        }

        @Override
        public void close() {
            started = false;
            for (SharedIndexInformer<?> informer : List.of(nodes, ciliumNodes, policies, services).stream()
                    .filter(Objects::nonNull).toList()) {
                informer.close();
            }
        }
    }
}
