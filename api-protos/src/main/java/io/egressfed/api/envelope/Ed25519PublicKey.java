package io.egressfed.api.envelope;

import com.google.protobuf.ByteString;
import java.util.Objects;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * An Ed25519 public key that verifies config signatures.
 *
 * @param encoded the raw 32-byte key (RFC 8032 encoding of the curve point)
 */
public record Ed25519PublicKey(ByteString encoded) {

  /** Raw key length in bytes. */
  public static final int LENGTH = Ed25519PublicKeyParameters.KEY_SIZE;

  /** Accepts only 32 bytes that decode to a point on the curve. */
  public Ed25519PublicKey {
    Objects.requireNonNull(encoded, "encoded");
    if (encoded.size() != LENGTH) {
      throw new IllegalArgumentException(
          "an Ed25519 public key is " + LENGTH + " bytes, got " + encoded.size());
    }
    decode(encoded);
  }

  /**
   * Wraps a raw key.
   *
   * @param raw the 32-byte key; copied
   * @return the key
   * @throws IllegalArgumentException if {@code raw} is not a valid Ed25519 public key
   */
  public static Ed25519PublicKey of(byte[] raw) {
    return new Ed25519PublicKey(ByteString.copyFrom(raw));
  }

  /**
   * The id that envelopes signed by the matching private key carry.
   *
   * @return lower-case hex SHA-256 of {@link #encoded()}
   */
  public KeyId keyId() {
    return KeyId.of(this);
  }

  /**
   * Checks an Ed25519 signature. Package-private so that callers go through {@link Pae} and the
   * verifier rather than verifying raw, undomain-separated messages.
   */
  boolean verify(byte[] message, byte[] signature) {
    Ed25519Signer verifier = new Ed25519Signer();
    verifier.init(false, decode(encoded));
    verifier.update(message, 0, message.length);
    return verifier.verifySignature(signature);
  }

  private static Ed25519PublicKeyParameters decode(ByteString encoded) {
    try {
      return new Ed25519PublicKeyParameters(encoded.toByteArray());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a valid Ed25519 public key (not a curve point)", e);
    }
  }

  @Override
  public String toString() {
    return "Ed25519PublicKey[keyId=" + keyId() + "]";
  }
}
