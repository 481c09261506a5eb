package io.egressfed.api.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Ed25519KeysTest {

  // RFC 8032 section 7.1, TEST 1.
  private static final String RFC_SECRET =
      "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
  private static final String RFC_PUBLIC =
      "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
  private static final String RFC_SIGNATURE_OF_EMPTY_MESSAGE =
      "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b";
  // sha256sum of the 32 raw bytes of RFC_PUBLIC, computed outside this code base.
  private static final String RFC_PUBLIC_KEY_ID =
      "21fe31dfa154a261626bf854046fd2271b7bed4b6abe45aa58877ef47f9721b9";
  // DER of PKCS#8 v1 for Ed25519 with the 32-byte seed appended (RFC 8410 section 7).
  private static final String PKCS8_PREFIX = "302e020100300506032b657004220420";

  @TempDir Path dir;

  @Test
  void signsAndIdentifiesKeysExactlyAsRfc8032AndTheKeyIdDefinitionSay() throws IOException {
    Ed25519KeyPair keyPair = Ed25519Pem.readPrivateKey(rfcPrivateKeyFile());

    assertThat(keyPair.publicKey().encoded().toByteArray()).isEqualTo(hex(RFC_PUBLIC));
    assertThat(keyPair.keyId().hex()).isEqualTo(RFC_PUBLIC_KEY_ID);
    assertThat(keyPair.sign(new byte[0])).isEqualTo(hex(RFC_SIGNATURE_OF_EMPTY_MESSAGE));
  }

  @Test
  void generatedKeysAreDistinctAndVerifyTheirOwnSignaturesOnly() {
    Ed25519KeyPair first = Ed25519KeyPair.generate();
    Ed25519KeyPair second = Ed25519KeyPair.generate();
    byte[] message = "message".getBytes(StandardCharsets.US_ASCII);

    byte[] signature = first.sign(message);

    assertThat(first.keyId()).isNotEqualTo(second.keyId());
    assertThat(first.publicKey().verify(message, signature)).isTrue();
    assertThat(second.publicKey().verify(message, signature)).isFalse();
  }

  @Test
  void toStringOfKeyHoldersNamesTheKeyIdButNeverThePrivateKey() throws IOException {
    Ed25519KeyPair keyPair = Ed25519Pem.readPrivateKey(rfcPrivateKeyFile());
    String seedBase64 = Base64.getEncoder().encodeToString(hex(RFC_SECRET));

    for (Object holder : new Object[] {keyPair, new Ed25519EnvelopeSigner(keyPair)}) {
      assertThat(holder.toString())
          .contains(RFC_PUBLIC_KEY_ID)
          .doesNotContainIgnoringCase(RFC_SECRET)
          .doesNotContain(seedBase64);
    }
  }

  @Test
  void publicKeyValueIsEqualByItsBytes() {
    assertThat(Ed25519PublicKey.of(hex(RFC_PUBLIC))).isEqualTo(Ed25519PublicKey.of(hex(RFC_PUBLIC)));
  }

  @Test
  void rejectsPublicKeysOfTheWrongLength() {
    assertThatThrownBy(() -> Ed25519PublicKey.of(new byte[31]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("32 bytes, got 31");
  }

  @Test
  void rejectsBytesThatAreNotACurvePoint() {
    byte[] notOnCurve = new byte[32];
    notOnCurve[0] = 2;

    assertThatThrownBy(() -> Ed25519PublicKey.of(notOnCurve))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a valid Ed25519 public key");
  }

  @Test
  void rejectsTheIdentityPointAsAWeakKey() {
    byte[] identity = new byte[32];
    identity[0] = 1;

    assertThatThrownBy(() -> Ed25519PublicKey.of(identity))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void keyIdAcceptsOnlyOneSpelling() {
    assertThat(KeyId.isWellFormed(RFC_PUBLIC_KEY_ID)).isTrue();
    assertThat(KeyId.isWellFormed(RFC_PUBLIC_KEY_ID.toUpperCase())).isFalse();
    assertThat(KeyId.isWellFormed(RFC_PUBLIC_KEY_ID.substring(1))).isFalse();
    assertThat(KeyId.isWellFormed(RFC_PUBLIC_KEY_ID.substring(1) + "g")).isFalse();
    assertThat(KeyId.isWellFormed(null)).isFalse();
    assertThatThrownBy(() -> new KeyId(RFC_PUBLIC_KEY_ID.toUpperCase()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("64 lower-case hex digits");
  }

  private Path rfcPrivateKeyFile() throws IOException {
    String base64 = Base64.getEncoder().encodeToString(hex(PKCS8_PREFIX + RFC_SECRET));
    Path file = dir.resolve("rfc8032-test1.pem");
    Files.writeString(
        file, "-----BEGIN PRIVATE KEY-----\n" + base64 + "\n-----END PRIVATE KEY-----\n");
    return file;
  }

  private static byte[] hex(String hex) {
    return HexFormat.of().parseHex(hex);
  }
}
