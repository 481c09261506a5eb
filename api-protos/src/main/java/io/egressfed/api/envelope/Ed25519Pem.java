package io.egressfed.api.envelope;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * Reads and writes Ed25519 keys as PEM: private keys as PKCS#8 ({@code PRIVATE KEY}, RFC 8410),
 * public keys as SubjectPublicKeyInfo ({@code PUBLIC KEY}). The files are what
 * {@code openssl genpkey -algorithm ed25519} and {@code openssl pkey -pubout} produce.
 *
 * <p>Writers never overwrite an existing file. Private key files are created readable by their
 * owner only (0600) wherever the file system has POSIX permissions.
 */
public final class Ed25519Pem {

  private static final String PRIVATE_KEY = "PRIVATE KEY";
  private static final String PUBLIC_KEY = "PUBLIC KEY";
  private static final int MAX_KEY_FILE_BYTES = 64 * 1024;
  private static final Set<PosixFilePermission> OWNER_READ_WRITE =
      PosixFilePermissions.fromString("rw-------");
  private static final Map<String, String> KNOWN_ALGORITHMS =
      Map.of(
          "1.2.840.113549.1.1.1", "RSA",
          "1.2.840.10045.2.1", "EC",
          "1.2.840.10040.4.1", "DSA",
          "1.3.101.110", "X25519",
          "1.3.101.111", "X448",
          "1.3.101.113", "Ed448");

  private Ed25519Pem() {}

  /**
   * Writes a private key as a new PKCS#8 PEM file, created with owner-only permissions (0600)
   * where the file system supports POSIX permissions.
   *
   * @param keyPair the key to write
   * @param file the file to create; must not exist
   * @throws FileAlreadyExistsException if {@code file} exists (it is left untouched)
   * @throws IOException if the file cannot be written; no partial file is left behind
   */
  public static void writePrivateKey(Ed25519KeyPair keyPair, Path file) throws IOException {
    byte[] seed = keyPair.privateSeed();
    byte[] der = null;
    try {
      der =
          new PrivateKeyInfo(
                  new AlgorithmIdentifier(EdECObjectIdentifiers.id_Ed25519), new DEROctetString(seed))
              .getEncoded(ASN1Encoding.DER);
      byte[] pem = toPem(PRIVATE_KEY, der);
      try {
        createWith(file, pem, true);
      } finally {
        Arrays.fill(pem, (byte) 0);
      }
    } finally {
      Arrays.fill(seed, (byte) 0);
      if (der != null) {
        Arrays.fill(der, (byte) 0);
      }
    }
  }

  /**
   * Reads a PKCS#8 PEM private key file.
   *
   * @param file the file to read
   * @return the key pair
   * @throws KeyFileException if the file does not hold exactly one unencrypted Ed25519 private key;
   *     the message names the file and the reason
   * @throws IOException if the file cannot be read
   */
  public static Ed25519KeyPair readPrivateKey(Path file) throws IOException {
    String source = file.toString();
    PemObject pem = readSinglePemObject(source, readText(file));
    byte[] der = pem.getContent();
    try {
      return decodePrivateKey(source, pem.getType(), der);
    } finally {
      Arrays.fill(der, (byte) 0);
    }
  }

  /**
   * Writes a public key as a new SubjectPublicKeyInfo PEM file.
   *
   * @param key the key to write
   * @param file the file to create; must not exist
   * @throws FileAlreadyExistsException if {@code file} exists (it is left untouched)
   * @throws IOException if the file cannot be written; no partial file is left behind
   */
  public static void writePublicKey(Ed25519PublicKey key, Path file) throws IOException {
    createWith(file, publicKeyPem(key).getBytes(StandardCharsets.US_ASCII), false);
  }

  /**
   * Reads a SubjectPublicKeyInfo PEM public key file.
   *
   * @param file the file to read
   * @return the public key
   * @throws KeyFileException if the file does not hold exactly one Ed25519 public key; the message
   *     names the file and the reason
   * @throws IOException if the file cannot be read
   */
  public static Ed25519PublicKey readPublicKey(Path file) throws IOException {
    return parsePublicKey(readText(file), file.toString());
  }

  /**
   * Renders a public key as SubjectPublicKeyInfo PEM text, e.g. for a {@code SigningKey} message.
   *
   * @param key the key
   * @return the PEM text, ending in a newline
   */
  public static String publicKeyPem(Ed25519PublicKey key) {
    try {
      byte[] der =
          new SubjectPublicKeyInfo(
                  new AlgorithmIdentifier(EdECObjectIdentifiers.id_Ed25519),
                  key.encoded().toByteArray())
              .getEncoded(ASN1Encoding.DER);
      return new String(toPem(PUBLIC_KEY, der), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      // Encoding a well-formed structure into memory has no I/O to fail.
      throw new UncheckedIOException("cannot encode an Ed25519 public key", e);
    }
  }

  /**
   * Parses SubjectPublicKeyInfo PEM text.
   *
   * @param pem the PEM text
   * @param source what the text is, for error messages (a file name, a config field path)
   * @return the public key
   * @throws KeyFileException if the text does not hold exactly one Ed25519 public key
   */
  public static Ed25519PublicKey parsePublicKey(String pem, String source) throws KeyFileException {
    PemObject object = readSinglePemObject(source, pem);
    if (!PUBLIC_KEY.equals(object.getType())) {
      throw new KeyFileException(
          source, "holds a '" + object.getType() + "' PEM block, expected '" + PUBLIC_KEY + "'");
    }
    SubjectPublicKeyInfo info;
    try {
      info = SubjectPublicKeyInfo.getInstance(object.getContent());
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new KeyFileException(source, "PUBLIC KEY block is not valid SubjectPublicKeyInfo DER", e);
    }
    requireEd25519(source, info.getAlgorithm());
    if (info.getPublicKeyData().getPadBits() != 0) {
      throw new KeyFileException(source, "Ed25519 public key bit string has padding bits");
    }
    try {
      return Ed25519PublicKey.of(info.getPublicKeyData().getOctets());
    } catch (IllegalArgumentException e) {
      throw new KeyFileException(source, e.getMessage(), e);
    }
  }

  private static Ed25519KeyPair decodePrivateKey(String source, String type, byte[] der)
      throws KeyFileException {
    if (!PRIVATE_KEY.equals(type)) {
      String hint =
          PUBLIC_KEY.equals(type)
              ? " (this is a public key)"
              : "ENCRYPTED PRIVATE KEY".equals(type) ? " (encrypted keys are not supported)" : "";
      throw new KeyFileException(
          source, "holds a '" + type + "' PEM block, expected '" + PRIVATE_KEY + "'" + hint);
    }
    PrivateKeyInfo info;
    try {
      info = PrivateKeyInfo.getInstance(der);
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new KeyFileException(source, "PRIVATE KEY block is not valid PKCS#8 DER", e);
    }
    requireEd25519(source, info.getPrivateKeyAlgorithm());
    AsymmetricKeyParameter key;
    try {
      key = PrivateKeyFactory.createKey(info);
    } catch (IOException | IllegalArgumentException | IllegalStateException e) {
      throw new KeyFileException(source, "Ed25519 private key is not a 32-byte octet string", e);
    }
    if (!(key instanceof Ed25519PrivateKeyParameters ed25519)) {
      throw new KeyFileException(source, "not an Ed25519 private key");
    }
    Ed25519KeyPair keyPair = Ed25519KeyPair.fromPrivateKey(ed25519);
    // PKCS#8 v2 may carry the public key too; a mismatch means a corrupted or tampered file.
    if (info.getPublicKeyData() != null
        && !Arrays.equals(
            info.getPublicKeyData().getOctets(), keyPair.publicKey().encoded().toByteArray())) {
      throw new KeyFileException(
          source, "the embedded public key does not belong to the private key");
    }
    return keyPair;
  }

  private static void requireEd25519(String source, AlgorithmIdentifier algorithm)
      throws KeyFileException {
    ASN1ObjectIdentifier oid = algorithm.getAlgorithm();
    if (!EdECObjectIdentifiers.id_Ed25519.equals(oid)) {
      String name = KNOWN_ALGORITHMS.getOrDefault(oid.getId(), "unknown algorithm");
      throw new KeyFileException(
          source,
          "not an Ed25519 key: algorithm is " + name + " (" + oid.getId() + "), expected Ed25519 ("
              + EdECObjectIdentifiers.id_Ed25519.getId() + ")");
    }
  }

  private static PemObject readSinglePemObject(String source, String text) throws KeyFileException {
    try (PemReader reader = new PemReader(new StringReader(text))) {
      PemObject first = reader.readPemObject();
      if (first == null) {
        throw new KeyFileException(source, "no PEM block (-----BEGIN ...-----) found");
      }
      if (reader.readPemObject() != null) {
        throw new KeyFileException(source, "holds more than one PEM block, expected exactly one");
      }
      return first;
    } catch (KeyFileException e) {
      throw e;
    } catch (IOException | IllegalStateException | IllegalArgumentException e) {
      // BouncyCastle reports bad base64 as an unchecked DecoderException (an IllegalStateException).
      throw new KeyFileException(source, "malformed PEM: " + e.getMessage(), e);
    }
  }

  private static String readText(Path file) throws IOException {
    long size = Files.size(file);
    if (size > MAX_KEY_FILE_BYTES) {
      throw new KeyFileException(
          file.toString(),
          "is " + size + " bytes; an Ed25519 PEM key file is far below " + MAX_KEY_FILE_BYTES);
    }
    // ISO-8859-1 maps every byte to a char, so a binary file reaches the PEM reader and is refused
    // there with a clear reason instead of failing as a charset error.
    return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
  }

  private static byte[] toPem(String type, byte[] der) throws IOException {
    StringWriter out = new StringWriter();
    try (PemWriter writer = new PemWriter(out)) {
      writer.writeObject(new PemObject(type, der));
    }
    return out.toString().getBytes(StandardCharsets.US_ASCII);
  }

  private static void createWith(Path file, byte[] content, boolean ownerOnly) throws IOException {
    Set<StandardOpenOption> options =
        EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    // The permissions are set as the file is created, so no other user can open it in between.
    // Without POSIX permissions (e.g. Windows) the file inherits its directory's access rules.
    FileAttribute<?>[] attributes =
        ownerOnly && file.getFileSystem().supportedFileAttributeViews().contains("posix")
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_READ_WRITE)}
            : new FileAttribute<?>[0];
    try (SeekableByteChannel channel = Files.newByteChannel(file, options, attributes)) {
      try {
        ByteBuffer buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
      } catch (IOException e) {
        deleteAfterFailure(file, e);
        throw e;
      }
    }
  }

  private static void deleteAfterFailure(Path file, IOException failure) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException cleanup) {
      failure.addSuppressed(cleanup);
    }
  }
}
