package io.egressfed.hub.cluster;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a hub replica joins the Pekko cluster of replicas.
 *
 * @param replicaName this replica's name (shown in the hub status, used as election candidate id)
 * @param host the address other replicas reach this one at (artery TCP canonical host name)
 * @param port the artery TCP port; 0 picks a free one (single-replica development only)
 * @param seedNodes {@code host:port} of replicas to join; empty without discovery means this replica
 *     forms a cluster of its own
 * @param discovery how replicas find each other when there are no seed nodes
 * @param kubernetes Kubernetes API discovery settings, used with {@link Discovery#KUBERNETES}
 * @param stableAfter how long membership must be stable before the split-brain resolver downs the
 *     minority side
 */
public record ClusterSettings(String replicaName, String host, int port, List<String> seedNodes,
                              Discovery discovery, KubernetesDiscovery kubernetes, Duration stableAfter) {

    /** The Pekko actor system name every replica uses (it is part of the cluster addresses). */
    public static final String SYSTEM_NAME = "egressfed-hub";

    /** How replicas find each other. */
    public enum Discovery {
        /** Static {@code --seed-node}s, or none: the replica joins itself. */
        NONE,
        /** Pekko Cluster Bootstrap with Kubernetes API discovery (pods found by label selector). */
        KUBERNETES
    }

    /**
     * Kubernetes API discovery for Pekko Cluster Bootstrap.
     *
     * @param podLabelSelector selects the hub pods, e.g. {@code app.kubernetes.io/name=egressfed-hub}
     * @param managementPort the Pekko Management HTTP port bootstrap probes (the pod's port named
     *     {@code management})
     * @param requiredContactPoints how many pods must be found before the first cluster forms
     */
    public record KubernetesDiscovery(String podLabelSelector, int managementPort, int requiredContactPoints) {

        /** Validates. */
        public KubernetesDiscovery {
            Objects.requireNonNull(podLabelSelector, "podLabelSelector");
            requirePort(managementPort, "managementPort");
            if (requiredContactPoints < 1) {
                throw new IllegalArgumentException("requiredContactPoints: must be at least 1, got "
                        + requiredContactPoints);
            }
        }

        /** @return selector {@code app.kubernetes.io/name=egressfed-hub}, port 8558, 2 contact points */
        public static KubernetesDiscovery defaults() {
            return new KubernetesDiscovery("app.kubernetes.io/name=egressfed-hub", 8558, 2);
        }
    }

    /** Validates and copies. */
    public ClusterSettings {
        requireNonBlank(replicaName, "replicaName");
        requireNonBlank(host, "host");
        if (port != 0) {
            requirePort(port, "port");
        }
        seedNodes = List.copyOf(seedNodes);
        for (int i = 0; i < seedNodes.size(); i++) {
            parseSeed(seedNodes.get(i), "seedNodes[" + i + "]");
        }
        Objects.requireNonNull(discovery, "discovery");
        Objects.requireNonNull(kubernetes, "kubernetes");
        Objects.requireNonNull(stableAfter, "stableAfter");
        if (stableAfter.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("stableAfter: must be at least 1s, got " + stableAfter);
        }
        if (discovery == Discovery.KUBERNETES && !seedNodes.isEmpty()) {
            throw new IllegalArgumentException("seedNodes: must be empty with kubernetes discovery (bootstrap "
                    + "finds the seed nodes)");
        }
        if (discovery == Discovery.KUBERNETES && kubernetes.podLabelSelector().isBlank()) {
            throw new IllegalArgumentException("kubernetes.podLabelSelector: must not be blank with kubernetes "
                    + "discovery");
        }
        if (discovery == Discovery.NONE && !seedNodes.isEmpty() && port == 0) {
            throw new IllegalArgumentException("port: a replica that joins seed nodes needs a fixed port, got 0");
        }
    }

    /**
     * A one-replica cluster on loopback and a free port: {@code --dev}, the demo, tests.
     *
     * @param replicaName the replica's name
     * @return the settings
     */
    public static ClusterSettings singleReplica(String replicaName) {
        return new ClusterSettings(replicaName, "127.0.0.1", 0, List.of(), Discovery.NONE,
                KubernetesDiscovery.defaults(), Duration.ofSeconds(5));
    }

    /**
     * Splits a {@code host:port} seed node.
     *
     * @param seed the text
     * @param field the field named in errors
     * @return host and port
     * @throws IllegalArgumentException naming {@code field} when the text is not {@code host:port}
     */
    static HostPort parseSeed(String seed, String field) {
        Objects.requireNonNull(seed, field);
        int colon = seed.lastIndexOf(':');
        if (colon <= 0 || colon == seed.length() - 1) {
            throw new IllegalArgumentException(field + ": expected host:port, got '" + seed + "'");
        }
        String host = seed.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(seed.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + ": port is not a number in '" + seed + "'");
        }
        requirePort(port, field + " port");
        return new HostPort(host, port);
    }

    private static void requirePort(int port, String field) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(field + ": must be between 1 and 65535, got " + port);
        }
    }

    private static void requireNonBlank(String value, String field) {
        Objects.requireNonNull(value, field);
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + ": must not be blank");
        }
    }

    /** A parsed seed node. */
    record HostPort(String host, int port) {
    }
}
