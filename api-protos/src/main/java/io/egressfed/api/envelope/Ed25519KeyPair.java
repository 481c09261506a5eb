package io.egressfed.api.envelope;

import java.security.SecureRandom;
import java.util.Objects;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * The hub's config-signing key: an Ed25519 private key and its public key.
 *
 * <p>The private key never leaves this package except as a PKCS#8 file written by
 * {@link Ed25519Pem#writePrivateKey}; {@link #toString()} names the key id only.
 */
public final class Ed25519KeyPair {

  private final Ed25519PrivateKeyParameters privateKey;
  private final Ed25519PublicKey publicKey;

  private Ed25519KeyPair(Ed25519PrivateKeyParameters privateKey) {
    this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
    this.publicKey = Ed25519PublicKey.of(privateKey.generatePublicKey().getEncoded());
  }

  /**
   * Generates a new key pair from a fresh {@link SecureRandom}.
   *
   * @return a new key pair
   */
  public static Ed25519KeyPair generate() {
    return generate(new SecureRandom());
  }

  /**
   * Generates a new key pair.
   *
   * @param random the source of the 32-byte private seed
   * @return a new key pair
   */
  public static Ed25519KeyPair generate(SecureRandom random) {
    return new Ed25519KeyPair(new Ed25519PrivateKeyParameters(Objects.requireNonNull(random, "random")));
  }

  static Ed25519KeyPair fromPrivateKey(Ed25519PrivateKeyParameters privateKey) {
    return new Ed25519KeyPair(privateKey);
  }

  /**
   * The public half, to pin on agents.
   *
   * @return the public key
   */
  public Ed25519PublicKey publicKey() {
    return publicKey;
  }

  /**
   * The id envelopes signed with this pair carry.
   *
   * @return the public key's id
   */
  public KeyId keyId() {
    return publicKey.keyId();
  }

  /**
   * Signs a message. Package-private so that the key only ever signs PAE-encoded payloads, which
   * keeps a config signature from being valid for any other kind of message.
   */
  byte[] sign(byte[] message) {
    Ed25519Signer signer = new Ed25519Signer();
    signer.init(true, privateKey);
    signer.update(message, 0, message.length);
    return signer.generateSignature();
  }

  /** The raw 32-byte seed; the caller must wipe it after use. */
  byte[] privateSeed() {
    return privateKey.getEncoded();
  }

  @Override
  public String toString() {
    return "Ed25519KeyPair[keyId=" + keyId() + ", privateKey=<redacted>]";
  }
}
