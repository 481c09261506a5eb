package io.egressfed.api.envelope;

import com.google.protobuf.ByteString;
import io.egressfed.api.v1alpha1.SignedEnvelope;
import java.util.Objects;

/** Signs envelopes with one Ed25519 key pair. Immutable and thread-safe. */
public final class Ed25519EnvelopeSigner implements EnvelopeSigner {

  private final Ed25519KeyPair keyPair;

  /**
   * Creates a signer.
   *
   * @param keyPair the hub's signing key
   */
  public Ed25519EnvelopeSigner(Ed25519KeyPair keyPair) {
    this.keyPair = Objects.requireNonNull(keyPair, "keyPair");
  }

  @Override
  public KeyId keyId() {
    return keyPair.keyId();
  }

  @Override
  public SignedEnvelope sign(String payloadType, byte[] payload) {
    Objects.requireNonNull(payloadType, "payloadType");
    Objects.requireNonNull(payload, "payload");
    if (payloadType.isEmpty()) {
      throw new IllegalArgumentException("payloadType must not be empty");
    }
    // Freeze the caller's bytes before signing, so that a later change to their array cannot make
    // the shipped payload differ from the signed one.
    ByteString shipped = ByteString.copyFrom(payload);
    byte[] signature = keyPair.sign(Pae.encode(payloadType, shipped.toByteArray()));
    return SignedEnvelope.newBuilder()
        .setPayloadType(payloadType)
        .setPayload(shipped)
        .setKeyId(keyPair.keyId().hex())
        .setSignature(ByteString.copyFrom(signature))
        .build();
  }

  @Override
  public String toString() {
    return "Ed25519EnvelopeSigner[keyId=" + keyPair.keyId() + "]";
  }
}
