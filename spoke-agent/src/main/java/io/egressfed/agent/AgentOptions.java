package io.egressfed.agent;

import io.egressfed.agent.backend.ManagedNamespaces;
import io.egressfed.agent.election.LeaderElectionSettings;
import io.egressfed.api.pki.BootstrapToken;
import io.egressfed.api.pki.CaPin;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What an agent is started with.
 *
 * @param cluster this cluster's name (as enrolled)
 * @param hub the hub's spoke-link address, {@code host:port}
 * @param caPin the hub CA fingerprint
 * @param signingKeyFiles pinned hub signing public keys (PEM files)
 * @param signingKeyIds pinned hub signing key ids (lower-case hex SHA-256), resolved through the hub
 * @param bootstrapToken the enrollment token; needed only while no credentials are stored
 * @param stateDir where credentials (unless {@code credentialsSecret} is given), resolved hub keys and,
 *     without Kubernetes, the applied version are kept
 * @param namespace the agent's namespace (its state ConfigMap, credentials Secret and election Lease live there)
 * @param httpAddress where {@code /healthz}, {@code /readyz} and {@code /metrics} are served
 * @param agentVersion reported to the hub
 * @param credentialsSecret the Secret in {@code namespace} that keeps the credentials instead of {@code stateDir}
 * @param leaderElection how replicas elect the one that runs; empty runs without election
 * @param managedNamespaces the namespaces whose workloads get egress Services; every namespace by default
 */
public record AgentOptions(String cluster, String hub, CaPin caPin, List<Path> signingKeyFiles,
                           Set<String> signingKeyIds, Optional<BootstrapToken> bootstrapToken, Path stateDir,
                           String namespace, InetSocketAddress httpAddress, String agentVersion,
                           Optional<String> credentialsSecret, Optional<LeaderElectionSettings> leaderElection,
                           ManagedNamespaces managedNamespaces) {

    /** Validates and copies. */
    public AgentOptions {
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(hub, "hub");
        Objects.requireNonNull(caPin, "caPin");
        signingKeyFiles = List.copyOf(signingKeyFiles);
        signingKeyIds = Set.copyOf(signingKeyIds);
        if (signingKeyFiles.isEmpty() && signingKeyIds.isEmpty()) {
            throw new IllegalArgumentException("at least one hub signing key must be pinned "
                    + "(--hub-signing-key FILE or --hub-signing-key-sha256 HEX)");
        }
        Objects.requireNonNull(bootstrapToken, "bootstrapToken");
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(httpAddress, "httpAddress");
        Objects.requireNonNull(agentVersion, "agentVersion");
        Objects.requireNonNull(credentialsSecret, "credentialsSecret");
        Objects.requireNonNull(leaderElection, "leaderElection");
        Objects.requireNonNull(managedNamespaces, "managedNamespaces");
        if (credentialsSecret.isPresent() && credentialsSecret.get().isBlank()) {
            throw new IllegalArgumentException("--credentials-secret: must not be blank");
        }
    }

    /**
     * Options of a single agent keeping its credentials in {@code stateDir}.
     *
     * @param cluster this cluster's name
     * @param hub the hub's address
     * @param caPin the hub CA fingerprint
     * @param signingKeyFiles pinned hub signing keys
     * @param signingKeyIds pinned hub signing key ids
     * @param bootstrapToken the enrollment token
     * @param stateDir the state directory
     * @param namespace the agent's namespace
     * @param httpAddress the ops address
     * @param agentVersion the agent's version
     */
    public AgentOptions(String cluster, String hub, CaPin caPin, List<Path> signingKeyFiles, Set<String> signingKeyIds,
                        Optional<BootstrapToken> bootstrapToken, Path stateDir, String namespace,
                        InetSocketAddress httpAddress, String agentVersion) {
        this(cluster, hub, caPin, signingKeyFiles, signingKeyIds, bootstrapToken, stateDir, namespace, httpAddress,
                agentVersion, Optional.empty(), Optional.empty(), ManagedNamespaces.all());
    }

    /**
     * These options with the credentials kept in a Secret.
     *
     * @param secret the Secret's name in {@link #namespace()}
     * @return new options
     */
    public AgentOptions withCredentialsSecret(String secret) {
        return new AgentOptions(cluster, hub, caPin, signingKeyFiles, signingKeyIds, bootstrapToken, stateDir, namespace,
                httpAddress, agentVersion, Optional.of(secret), leaderElection, managedNamespaces);
    }

    /**
     * These options with leader election between replicas.
     *
     * @param election the election's settings
     * @return new options
     */
    public AgentOptions withLeaderElection(LeaderElectionSettings election) {
        return new AgentOptions(cluster, hub, caPin, signingKeyFiles, signingKeyIds, bootstrapToken, stateDir, namespace,
                httpAddress, agentVersion, credentialsSecret, Optional.of(election), managedNamespaces);
    }

    /**
     * These options with egress Services and pod lookups confined to some namespaces.
     *
     * @param namespaces the managed namespaces
     * @return new options
     */
    public AgentOptions withManagedNamespaces(ManagedNamespaces namespaces) {
        return new AgentOptions(cluster, hub, caPin, signingKeyFiles, signingKeyIds, bootstrapToken, stateDir, namespace,
                httpAddress, agentVersion, credentialsSecret, leaderElection, namespaces);
    }
}
