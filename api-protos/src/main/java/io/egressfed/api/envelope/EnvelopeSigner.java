package io.egressfed.api.envelope;

import io.egressfed.api.v1alpha1.ClusterConfig;
import io.egressfed.api.v1alpha1.SignedEnvelope;

/** Signs payloads into {@link SignedEnvelope}s (hub side). Implementations are thread-safe. */
public interface EnvelopeSigner {

  /**
   * The key id written into every envelope this signer produces.
   *
   * @return the signing key's id
   */
  KeyId keyId();

  /**
   * Signs {@code PAE(payloadType, payload)} and wraps payload, type, key id and signature.
   *
   * @param payloadType the payload's media type, not empty
   * @param payload the payload bytes; the envelope carries exactly these bytes
   * @return the signed envelope
   * @throws IllegalArgumentException if {@code payloadType} is empty
   */
  SignedEnvelope sign(String payloadType, byte[] payload);

  /**
   * Serializes a config once, deterministically (see {@link DeterministicBytes}), and signs those
   * bytes as {@link PayloadTypes#CLUSTER_CONFIG}.
   *
   * @param config the config to sign
   * @return the signed envelope, ready to store and push to the config's cluster
   */
  default SignedEnvelope signConfig(ClusterConfig config) {
    return sign(PayloadTypes.CLUSTER_CONFIG, DeterministicBytes.of(config));
  }
}
