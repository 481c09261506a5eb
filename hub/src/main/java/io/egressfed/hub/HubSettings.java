package io.egressfed.hub;

import io.egressfed.hub.cluster.ClusterSettings;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a hub process is started with.
 *
 * @param etcdEndpoints etcd client URLs; empty means the in-memory store (development only: nothing
 *     survives a restart)
 * @param keyRoot the etcd key prefix, e.g. {@code /egressfed/v1alpha1/}
 * @param dataDir where a development hub keeps its generated signing key and CA
 * @param signingKey the Ed25519 config-signing key (PKCS#8 PEM); empty in development (generated in
 *     {@code dataDir})
 * @param previousSigningKeys public keys of earlier signing keys, still announced during a rotation
 * @param caDir the hub CA directory ({@code ca.crt}, {@code ca.key}); created when missing
 * @param grpcAddress where the spoke link (gRPC, mTLS) listens
 * @param httpAddress where {@code /healthz}, {@code /readyz} and {@code /metrics} are served
 * @param adminAddress where the admin API (REST/JSON) is served
 * @param adminPlaintext serve the admin API over plain HTTP instead of TLS (development, or behind a
 *     TLS-terminating proxy)
 * @param serverNames DNS names in the hub's server certificate (what agents dial)
 * @param serverAddresses IP addresses in the hub's server certificate
 * @param leaseDuration ActivePassive lease granted to the active cluster (at least 2 s)
 * @param leaseMargin added to the lease before the coordinator presumes a withdrawn cluster that never
 *     ACKed fenced (not negative)
 * @param cluster how this replica joins the Pekko cluster of hub replicas
 */
public record HubSettings(List<String> etcdEndpoints, String keyRoot, Path dataDir, Optional<Path> signingKey,
                          List<Path> previousSigningKeys, Path caDir, InetSocketAddress grpcAddress,
                          InetSocketAddress httpAddress, InetSocketAddress adminAddress, boolean adminPlaintext,
                          List<String> serverNames, List<String> serverAddresses, Duration leaseDuration,
                          Duration leaseMargin, ClusterSettings cluster) {

    /** Validates and copies. */
    public HubSettings {
        etcdEndpoints = List.copyOf(etcdEndpoints);
        Objects.requireNonNull(keyRoot, "keyRoot");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(signingKey, "signingKey");
        previousSigningKeys = List.copyOf(previousSigningKeys);
        Objects.requireNonNull(caDir, "caDir");
        Objects.requireNonNull(grpcAddress, "grpcAddress");
        Objects.requireNonNull(httpAddress, "httpAddress");
        Objects.requireNonNull(adminAddress, "adminAddress");
        serverNames = List.copyOf(serverNames);
        serverAddresses = List.copyOf(serverAddresses);
        if (serverNames.isEmpty() && serverAddresses.isEmpty()) {
            throw new IllegalArgumentException("serverNames/serverAddresses: the server certificate needs at least one");
        }
        Objects.requireNonNull(leaseDuration, "leaseDuration");
        Objects.requireNonNull(leaseMargin, "leaseMargin");
        if (leaseDuration.compareTo(Duration.ofSeconds(2)) < 0) {
            throw new IllegalArgumentException("leaseDuration: must be at least 2s, got " + leaseDuration);
        }
        if (leaseMargin.isNegative()) {
            throw new IllegalArgumentException("leaseMargin: must not be negative, got " + leaseMargin);
        }
        Objects.requireNonNull(cluster, "cluster");
    }

    /**
     * A development hub on loopback: in-memory store, generated keys in {@code dataDir}, free ports,
     * admin API over plain HTTP, a one-replica Pekko cluster named {@code local}.
     *
     * @param dataDir where the generated signing key and CA are kept
     * @return the settings
     */
    public static HubSettings development(Path dataDir) {
        return new HubSettings(List.of(), "/egressfed/v1alpha1/", dataDir, Optional.empty(), List.of(),
                dataDir.resolve("ca"), new InetSocketAddress("127.0.0.1", 0), new InetSocketAddress("127.0.0.1", 0),
                new InetSocketAddress("127.0.0.1", 0), true, List.of("localhost"), List.of("127.0.0.1"),
                Duration.ofSeconds(5), Duration.ofSeconds(1), ClusterSettings.singleReplica("local"));
    }

    /**
     * Whether the hub keeps its state in memory only.
     *
     * @return true without etcd endpoints
     */
    public boolean inMemory() {
        return etcdEndpoints.isEmpty();
    }

    /**
     * A copy serving the admin API over TLS (with the hub's server certificate) or plain HTTP.
     *
     * @param plaintext true for plain HTTP
     * @return the settings
     */
    public HubSettings withAdminPlaintext(boolean plaintext) {
        return new HubSettings(etcdEndpoints, keyRoot, dataDir, signingKey, previousSigningKeys, caDir, grpcAddress,
                httpAddress, adminAddress, plaintext, serverNames, serverAddresses, leaseDuration,
                leaseMargin, cluster);
    }

    /**
     * A copy with etcd endpoints.
     *
     * @param endpoints etcd client URLs
     * @return the settings
     */
    public HubSettings withEtcd(List<String> endpoints) {
        return new HubSettings(endpoints, keyRoot, dataDir, signingKey, previousSigningKeys, caDir, grpcAddress,
                httpAddress, adminAddress, adminPlaintext, serverNames, serverAddresses, leaseDuration,
                leaseMargin, cluster);
    }

    /**
     * A copy joining the Pekko cluster of replicas differently.
     *
     * @param clusterSettings how to join
     * @return the settings
     */
    public HubSettings withCluster(ClusterSettings clusterSettings) {
        return new HubSettings(etcdEndpoints, keyRoot, dataDir, signingKey, previousSigningKeys, caDir, grpcAddress,
                httpAddress, adminAddress, adminPlaintext, serverNames, serverAddresses, leaseDuration,
                leaseMargin, clusterSettings);
    }
}
