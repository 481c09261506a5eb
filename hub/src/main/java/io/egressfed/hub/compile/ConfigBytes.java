package io.egressfed.hub.compile;

import com.google.protobuf.CodedOutputStream;
import io.egressfed.api.envelope.DeterministicBytes;
import io.egressfed.api.v1alpha1.ClusterConfig;

/**
 * Byte forms of a {@link ClusterConfig} that are stable across runs and JVMs.
 *
 * <p>Java protobuf writes map fields (the {@code match_labels} of every selector) in the map's
 * insertion order, so two equal configs built from differently ordered inputs can serialize
 * differently. Both methods here use {@link CodedOutputStream#useDeterministicSerialization()},
 * which writes map entries sorted by key; everything else in a config is already in a fixed order
 * (the compiler sorts its repeated fields). Protobuf does not promise that deterministic output is
 * identical across protobuf library versions, so these bytes are compared within one hub
 * version's lifetime only: a library upgrade that changed them would republish every config once,
 * as a new version with equal meaning, which is harmless.
 */
public final class ConfigBytes {

    private ConfigBytes() {
    }

    /**
     * The content of a config, without what a publisher stamps on it: deterministic bytes of the
     * config with {@code version}, {@code issued_at} and {@code expires_at} cleared. Two configs
     * with equal content bytes mean the same thing to an agent, so the publisher uses these to
     * decide whether a cluster needs a new version.
     *
     * @param config the config, stamped or not
     * @return the canonical content bytes
     */
    public static byte[] canonicalBytes(ClusterConfig config) {
        return payloadBytes(config.toBuilder().clearVersion().clearIssuedAt().clearExpiresAt().build());
    }

    /**
     * The deterministic serialization of a whole config, stamps included: the bytes to sign and ship
     * as an envelope's payload. Equal configs give equal bytes.
     *
     * @param config the config
     * @return its deterministic wire bytes; a normal protobuf parser reads them
     */
    public static byte[] payloadBytes(ClusterConfig config) {
        return DeterministicBytes.of(config);
    }
}
