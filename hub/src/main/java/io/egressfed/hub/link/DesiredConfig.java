package io.egressfed.hub.link;

import io.egressfed.api.v1alpha1.SignedEnvelope;
import java.util.Objects;

/**
 * The config a cluster should run, as currently stored under {@code configs/<cluster>}.
 *
 * @param cluster the cluster the config is for
 * @param version the config's version (strictly increasing per cluster)
 * @param envelope the signed envelope, pushed to the agent as stored
 * @param modRevision the store revision that wrote it
 */
public record DesiredConfig(String cluster, long version, SignedEnvelope envelope, long modRevision) {

    /**
     * Validates.
     *
     * @throws IllegalArgumentException when the version is not positive
     */
    public DesiredConfig {
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(envelope, "envelope");
        if (version < 1) {
            throw new IllegalArgumentException("version: must be >= 1, got " + Long.toUnsignedString(version));
        }
    }

    @Override
    public String toString() {
        return "DesiredConfig[cluster=" + cluster + ", version=" + version + ", modRevision=" + modRevision + "]";
    }
}
