package io.egressfed.hub.api;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What an enrollment response tells the operator besides the token: where agents reach the hub and
 * what they pin.
 *
 * @param hubAddress the hub's spoke link address as agents dial it, {@code HOST:PORT}
 * @param caSha256 lower-case hex SHA-256 of the hub CA certificate (DER)
 * @param signingKeyIds ids of the config-signing keys agents may trust, current first (at least one)
 * @param defaultTtl how long a token stays valid when the request names no ttl
 * @param maxTtl the longest ttl a request may ask for
 * @param agentStateDirectory the agent's state directory in the install command
 */
public record EnrollmentSettings(String hubAddress, String caSha256, List<String> signingKeyIds, Duration defaultTtl,
                                 Duration maxTtl, String agentStateDirectory) {

    /** The default agent state directory. */
    public static final String DEFAULT_STATE_DIRECTORY = "/var/lib/egressfed-agent";

    /** Requires every component; at least one signing key id. */
    public EnrollmentSettings {
        Objects.requireNonNull(hubAddress, "hubAddress");
        Objects.requireNonNull(caSha256, "caSha256");
        signingKeyIds = List.copyOf(signingKeyIds);
        if (signingKeyIds.isEmpty()) {
            throw new IllegalArgumentException("signingKeyIds: at least the current key id is needed");
        }
        Objects.requireNonNull(defaultTtl, "defaultTtl");
        Objects.requireNonNull(maxTtl, "maxTtl");
        if (defaultTtl.isNegative() || defaultTtl.isZero() || defaultTtl.compareTo(maxTtl) > 0) {
            throw new IllegalArgumentException("defaultTtl: must be positive and at most maxTtl");
        }
        Objects.requireNonNull(agentStateDirectory, "agentStateDirectory");
    }

    /**
     * Settings with a 1 h default ttl, a 24 h maximum and the default state directory.
     *
     * @param hubAddress the hub's spoke link address, {@code HOST:PORT}
     * @param caSha256 the hub CA fingerprint
     * @param signingKeyIds the trusted signing key ids, current first
     * @return the settings
     */
    public static EnrollmentSettings of(String hubAddress, String caSha256, List<String> signingKeyIds) {
        return new EnrollmentSettings(hubAddress, caSha256, signingKeyIds, Duration.ofHours(1), Duration.ofHours(24),
                DEFAULT_STATE_DIRECTORY);
    }

    /**
     * The command that installs and enrolls an agent.
     *
     * @param cluster the cluster the agent runs in
     * @param token the bootstrap token
     * @return the command line
     */
    public String installCommand(String cluster, String token) {
        StringBuilder command = new StringBuilder("bin/egressfed-agent")
                .append(" --hub ").append(hubAddress)
                .append(" --cluster ").append(cluster)
                .append(" --bootstrap-token ").append(token)
                .append(" --hub-ca-sha256 ").append(caSha256);
        signingKeyIds.forEach(keyId -> command.append(" --hub-signing-key-sha256 ").append(keyId));
        return command.append(" --state-dir ").append(agentStateDirectory).toString();
    }
}
