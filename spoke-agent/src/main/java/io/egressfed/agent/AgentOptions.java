package io.egressfed.agent;

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
 * @param stateDir where credentials (and, without Kubernetes, the applied version) are kept
 * @param namespace the agent's namespace (its state ConfigMap lives there)
 * @param httpAddress where {@code /healthz}, {@code /readyz} and {@code /metrics} are served
 * @param agentVersion reported to the hub
 */
public record AgentOptions(String cluster, String hub, CaPin caPin, List<Path> signingKeyFiles,
                           Set<String> signingKeyIds, Optional<BootstrapToken> bootstrapToken, Path stateDir,
                           String namespace, InetSocketAddress httpAddress, String agentVersion) {

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
    }
}
