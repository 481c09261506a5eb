package io.egressfed.api.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class Ed25519PemTest {

  @TempDir Path dir;

  @Test
  void privateKeySurvivesSaveAndLoadAndStillSignsVerifiableConfigs() throws IOException {
    Ed25519KeyPair original = Ed25519KeyPair.generate();
    Path file = dir.resolve("hub-signing.pem");

    Ed25519Pem.writePrivateKey(original, file);
    Ed25519KeyPair loaded = Ed25519Pem.readPrivateKey(file);

    assertThat(loaded.keyId()).isEqualTo(original.keyId());
    assertThat(Files.readString(file)).startsWith("-----BEGIN PRIVATE KEY-----");
    ConfigVerifier verifier =
        new PinnedKeyConfigVerifier(
            List.of(original.publicKey()), TestConfigs.CLUSTER, TestConfigs.CLOCK);
    Verification result =
        verifier.verify(new Ed25519EnvelopeSigner(loaded).signConfig(TestConfigs.config(1).build()), 0);
    assertThat(result).isInstanceOf(Verification.Accepted.class);
  }

  @Test
  void privateKeyFileIsCreatedReadableByItsOwnerOnly() throws IOException {
    assumeTrue(
        dir.getFileSystem().supportedFileAttributeViews().contains("posix"),
        "the temporary directory's file system has no POSIX permissions");
    Path file = dir.resolve("hub-signing.pem");

    Ed25519Pem.writePrivateKey(Ed25519KeyPair.generate(), file);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
  }

  @Test
  void neverOverwritesAnExistingFile() throws IOException {
    Path file = dir.resolve("existing.pem");
    Files.writeString(file, "precious");

    assertThatThrownBy(() -> Ed25519Pem.writePrivateKey(Ed25519KeyPair.generate(), file))
        .isInstanceOf(FileAlreadyExistsException.class);
    assertThatThrownBy(() -> Ed25519Pem.writePublicKey(Ed25519KeyPair.generate().publicKey(), file))
        .isInstanceOf(FileAlreadyExistsException.class);
    assertThat(Files.readString(file)).isEqualTo("precious");
  }

  @Test
  void publicKeySurvivesSaveAndLoadAsFileAndAsText() throws IOException {
    Ed25519PublicKey key = Ed25519KeyPair.generate().publicKey();
    Path file = dir.resolve("hub-signing.pub.pem");

    Ed25519Pem.writePublicKey(key, file);
    String pem = Ed25519Pem.publicKeyPem(key);

    assertThat(Ed25519Pem.readPublicKey(file)).isEqualTo(key);
    assertThat(Ed25519Pem.parsePublicKey(pem, "signingKeys[0].publicKeyPem")).isEqualTo(key);
    assertThat(pem).startsWith("-----BEGIN PUBLIC KEY-----").endsWith("-----END PUBLIC KEY-----\n");
  }

  @Test
  void loadsKeysMadeByTheJdkAndSignsExactlyAsTheJdkDoes() throws Exception {
    KeyPair jdkKeys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    Path privateFile = write("jdk.pem", pem("PRIVATE KEY", jdkKeys.getPrivate().getEncoded()));
    Path publicFile = write("jdk.pub.pem", pem("PUBLIC KEY", jdkKeys.getPublic().getEncoded()));
    byte[] message = "interop".getBytes(StandardCharsets.US_ASCII);

    Ed25519KeyPair loaded = Ed25519Pem.readPrivateKey(privateFile);

    assertThat(Ed25519Pem.readPublicKey(publicFile)).isEqualTo(loaded.publicKey());
    Signature jdk = Signature.getInstance("Ed25519");
    jdk.initSign(jdkKeys.getPrivate());
    jdk.update(message);
    // Ed25519 is deterministic: the same key and message give the same signature.
    assertThat(loaded.sign(message)).isEqualTo(jdk.sign());
  }

  @Test
  void writesFilesThatOpensslReadsAsTheSameKey() throws Exception {
    Ed25519KeyPair keyPair = Ed25519KeyPair.generate();
    Path file = dir.resolve("for-openssl.pem");
    Ed25519Pem.writePrivateKey(keyPair, file);

    String opensslPublicPem = runOpenssl("pkey", "-in", file.toString(), "-pubout");

    assertThat(Ed25519Pem.parsePublicKey(opensslPublicPem, "openssl output"))
        .isEqualTo(keyPair.publicKey());
  }

  static Stream<Arguments> unusableKeyFiles() throws GeneralSecurityException, IOException {
    byte[] ecPkcs8 = KeyPairGenerator.getInstance("EC").generateKeyPair().getPrivate().getEncoded();
    byte[] rsaSpki = rsaPublicKeyDer();
    byte[] ed448Pkcs8 =
        KeyPairGenerator.getInstance("Ed448").generateKeyPair().getPrivate().getEncoded();
    String publicPem = Ed25519Pem.publicKeyPem(Ed25519KeyPair.generate().publicKey());
    return Stream.of(
        Arguments.of("an EC key", pem("PRIVATE KEY", ecPkcs8), "not an Ed25519 key: algorithm is EC"),
        Arguments.of("an Ed448 key", pem("PRIVATE KEY", ed448Pkcs8), "algorithm is Ed448"),
        Arguments.of("an RSA public key", pem("PUBLIC KEY", rsaSpki), "this is a public key"),
        Arguments.of("an Ed25519 public key", publicPem, "expected 'PRIVATE KEY' (this is a public key)"),
        Arguments.of("a certificate", pem("CERTIFICATE", new byte[] {0x30, 0x00}), "'CERTIFICATE'"),
        Arguments.of(
            "an encrypted key",
            pem("ENCRYPTED PRIVATE KEY", new byte[] {0x30, 0x00}),
            "encrypted keys are not supported"),
        Arguments.of("text without PEM", "hello, I am not a key\n", "no PEM block"),
        Arguments.of("an empty file", "", "no PEM block"),
        Arguments.of(
            "broken base64",
            "-----BEGIN PRIVATE KEY-----\n!!!!\n-----END PRIVATE KEY-----\n",
            "malformed PEM"),
        Arguments.of(
            "a missing END line", "-----BEGIN PRIVATE KEY-----\nMC4CAQA=\n", "malformed PEM"),
        Arguments.of(
            "base64 that is not DER",
            pem("PRIVATE KEY", "not der at all".getBytes(StandardCharsets.US_ASCII)),
            "not valid PKCS#8 DER"),
        Arguments.of(
            "two keys in one file",
            pem("PRIVATE KEY", ecPkcs8) + pem("PRIVATE KEY", ecPkcs8),
            "more than one PEM block"),
        Arguments.of(
            "a seed of the wrong length",
            pem("PRIVATE KEY", ed25519Pkcs8(new byte[31], null)),
            "not a 32-byte octet string"),
        Arguments.of(
            "a private key with someone else's public key embedded",
            pem(
                "PRIVATE KEY",
                ed25519Pkcs8(
                    new byte[32],
                    Ed25519KeyPair.generate().publicKey().encoded().toByteArray())),
            "embedded public key does not belong to the private key"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unusableKeyFiles")
  void refusesAnythingButAnEd25519PrivateKeyNamingTheFileAndTheReason(
      String description, String content, String reason) throws IOException {
    Path file = write("not-a-key.pem", content);

    assertThatThrownBy(() -> Ed25519Pem.readPrivateKey(file))
        .isInstanceOf(KeyFileException.class)
        .hasMessageStartingWith(file + ": ")
        .hasMessageContaining(reason)
        .satisfies(e -> assertThat(((KeyFileException) e).source()).isEqualTo(file.toString()));
  }

  @Test
  void refusesABinaryFileAsAKey() throws IOException {
    Path file = dir.resolve("random.bin");
    Files.write(file, new byte[] {(byte) 0xc3, 0x28, 0x00, (byte) 0xff, (byte) 0xfe, 0x7f});

    assertThatThrownBy(() -> Ed25519Pem.readPrivateKey(file))
        .isInstanceOf(KeyFileException.class)
        .hasMessage(file + ": no PEM block (-----BEGIN ...-----) found");
  }

  @Test
  void refusesANonEd25519PublicKeyNamingTheFileAndAlgorithm() throws Exception {
    Path file = write("rsa.pub.pem", pem("PUBLIC KEY", rsaPublicKeyDer()));

    assertThatThrownBy(() -> Ed25519Pem.readPublicKey(file))
        .isInstanceOf(KeyFileException.class)
        .hasMessageStartingWith(file + ": ")
        .hasMessageContaining("not an Ed25519 key: algorithm is RSA (1.2.840.113549.1.1.1)");
  }

  @Test
  void refusesAPrivateKeyWhereAPublicKeyIsExpected() throws IOException {
    Path file = dir.resolve("private.pem");
    Ed25519Pem.writePrivateKey(Ed25519KeyPair.generate(), file);

    assertThatThrownBy(() -> Ed25519Pem.readPublicKey(file))
        .isInstanceOf(KeyFileException.class)
        .hasMessageContaining("holds a 'PRIVATE KEY' PEM block, expected 'PUBLIC KEY'");
  }

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  private static byte[] rsaPublicKeyDer() throws GeneralSecurityException {
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(1024);
    return rsa.generateKeyPair().getPublic().getEncoded();
  }

  private static byte[] ed25519Pkcs8(byte[] seed, byte[] embeddedPublicKey) throws IOException {
    return new PrivateKeyInfo(
            new AlgorithmIdentifier(EdECObjectIdentifiers.id_Ed25519),
            new DEROctetString(seed),
            null,
            embeddedPublicKey)
        .getEncoded();
  }

  private static String runOpenssl(String... arguments) throws IOException, InterruptedException {
    List<String> command = Stream.concat(Stream.of("openssl"), Stream.of(arguments)).toList();
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      return Assumptions.abort("openssl is not installed here: " + e.getMessage());
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
    assertThat(process.isAlive()).as("openssl %s still running", command).isFalse();
    assertThat(process.exitValue()).as("openssl %s: %s", command, output).isZero();
    return output;
  }
}
