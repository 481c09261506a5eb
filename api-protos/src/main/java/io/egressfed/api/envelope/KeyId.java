package io.egressfed.api.envelope;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Identifies an Ed25519 public key: the lower-case hex SHA-256 of its raw 32-byte encoding.
 *
 * @param hex 64 lower-case hex digits
 */
public record KeyId(String hex) {

  private static final int HEX_LENGTH = 64;

  /** Rejects anything but 64 lower-case hex digits, so two spellings of one id cannot exist. */
  public KeyId {
    Objects.requireNonNull(hex, "hex");
    if (!isWellFormed(hex)) {
      throw new IllegalArgumentException(
          "key id must be " + HEX_LENGTH + " lower-case hex digits, got " + Printable.quote(hex));
    }
  }

  /**
   * Computes the id of a public key.
   *
   * @param key the public key
   * @return lower-case hex SHA-256 of {@code key}'s raw encoding
   */
  public static KeyId of(Ed25519PublicKey key) {
    return new KeyId(HexFormat.of().formatHex(sha256(key.encoded().toByteArray())));
  }

  /**
   * Tells whether a string is a well-formed key id, without throwing.
   *
   * @param candidate any string, possibly from an untrusted envelope
   * @return true when {@code candidate} is exactly 64 lower-case hex digits
   */
  public static boolean isWellFormed(String candidate) {
    if (candidate == null || candidate.length() != HEX_LENGTH) {
      return false;
    }
    for (byte b : candidate.getBytes(StandardCharsets.US_ASCII)) {
      boolean digit = b >= '0' && b <= '9';
      boolean lowerHex = b >= 'a' && b <= 'f';
      if (!digit && !lowerHex) {
        return false;
      }
    }
    return true;
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      // Every Java platform must provide SHA-256 (java.security.MessageDigest Javadoc).
      throw new IllegalStateException("SHA-256 is unavailable", e);
    }
  }

  @Override
  public String toString() {
    return hex;
  }
}
