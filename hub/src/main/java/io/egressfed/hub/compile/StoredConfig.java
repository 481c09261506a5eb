package io.egressfed.hub.compile;

import com.google.protobuf.InvalidProtocolBufferException;
import io.egressfed.api.envelope.ConfigVerifier;
import io.egressfed.api.envelope.Ed25519PublicKey;
import io.egressfed.api.envelope.PinnedKeyConfigVerifier;
import io.egressfed.api.envelope.Verification;
import io.egressfed.api.v1alpha1.ClusterConfig;
import io.egressfed.api.v1alpha1.SignedEnvelope;
import io.egressfed.hub.store.KeyValue;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Optional;

/**
 * What {@code configs/<cluster>} holds, as far as the hub can trust it.
 *
 * <p>The value is the hub's own signed write, but etcd is not trusted blindly: the envelope's
 * signature is checked with the hub's own public keys and its config must name the cluster, before
 * any payload byte is parsed (the envelope library's verifier enforces that order). Expiry is not
 * checked here: an expired but authentic config is still the last published content, and whether it
 * needs re-issuing is the publisher's decision.
 */
sealed interface StoredConfig permits StoredConfig.Absent, StoredConfig.Trusted, StoredConfig.Untrusted {

    /** Ignores validity windows; see the interface comment. */
    Duration IGNORE_VALIDITY_WINDOW = Duration.ofSeconds(Long.MAX_VALUE, 999_999_999);

    /** Nothing is stored. */
    record Absent() implements StoredConfig {
    }

    /**
     * An authentic config of this cluster.
     *
     * @param config the verified config
     * @param keyId the id of the key that signed it
     * @param stored the key as read
     */
    record Trusted(ClusterConfig config, String keyId, KeyValue stored) implements StoredConfig {
    }

    /**
     * A value that must be replaced.
     *
     * @param problem why it is not trusted (never key material)
     * @param stored the key as read
     */
    record Untrusted(String problem, KeyValue stored) implements StoredConfig {
    }

    /**
     * Classifies a stored value.
     *
     * @param verifier a verifier pinned to the hub's public keys and this cluster that ignores
     *     validity windows (see {@link #verifierFor})
     * @param stored the key as read, empty when absent
     * @return the classification
     */
    static StoredConfig classify(ConfigVerifier verifier, Optional<KeyValue> stored) {
        if (stored.isEmpty()) {
            return new Absent();
        }
        KeyValue kv = stored.get();
        SignedEnvelope envelope;
        try {
            envelope = SignedEnvelope.parseFrom(kv.value());
        } catch (InvalidProtocolBufferException e) {
            return new Untrusted("value (" + kv.valueSize() + " bytes) is not a SignedEnvelope", kv);
        }
        // Version 0 as "last applied": every authentic config of this cluster is newer.
        Verification verification = verifier.verify(envelope, 0);
        if (verification instanceof Verification.Accepted accepted) {
            return new Trusted(accepted.config(), envelope.getKeyId(), kv);
        }
        if (verification instanceof Verification.Rejected rejected) {
            return new Untrusted(rejected.reason() + ": " + rejected.message(), kv);
        }
        return new Untrusted("stored config has no version", kv);
    }

    /**
     * A verifier for stored values of one cluster.
     *
     * @param trustedKeys the hub's public keys
     * @param cluster the cluster
     * @param clock any clock; validity windows are ignored
     * @return the verifier
     */
    static ConfigVerifier verifierFor(
            Collection<Ed25519PublicKey> trustedKeys, String cluster, Clock clock) {
        return new PinnedKeyConfigVerifier(trustedKeys, cluster, clock, IGNORE_VALIDITY_WINDOW);
    }
}
