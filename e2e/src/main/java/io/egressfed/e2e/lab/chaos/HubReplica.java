package io.egressfed.e2e.lab.chaos;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One hub replica of a chaos run: its ports stay the same across restarts, so the proxies in front of
 * the replicas and the Pekko seed list never change.
 *
 * @param name         the replica's name, e.g. {@code hub-0}
 * @param etcdEndpoint the etcd client URL
 * @param dataDir      the development data directory (signing key, CA, admin token), shared by all replicas
 *                     so they sign with one key and issue from one CA
 * @param grpcPort     spoke-link port
 * @param httpPort     ops port ({@code /readyz})
 * @param adminPort    admin REST port
 * @param clusterPort  Pekko cluster port
 * @param seedNodes    {@code host:port} of the Pekko seed nodes (the cluster ports of all replicas)
 */
public record HubReplica(String name, String etcdEndpoint, Path dataDir, int grpcPort, int httpPort, int adminPort,
        int clusterPort, List<String> seedNodes) {

    /** Copies the list. */
    public HubReplica {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(etcdEndpoint, "etcdEndpoint");
        Objects.requireNonNull(dataDir, "dataDir");
        seedNodes = List.copyOf(seedNodes);
    }
}
