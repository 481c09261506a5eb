package io.egressfed.api.envelope;

import static io.egressfed.api.envelope.TestConfigs.CLOCK;
import static io.egressfed.api.envelope.TestConfigs.CLUSTER;
import static io.egressfed.api.envelope.TestConfigs.NOW;
import static io.egressfed.api.envelope.TestConfigs.accepted;
import static io.egressfed.api.envelope.TestConfigs.config;
import static io.egressfed.api.envelope.TestConfigs.rejection;
import static io.egressfed.api.envelope.TestConfigs.timestamp;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.egressfed.api.v1alpha1.ClusterConfig;
import io.egressfed.api.v1alpha1.SignedEnvelope;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Authenticity: everything decided before a payload byte is parsed, and key rotation. */
class ConfigVerifierAuthenticityTest {

  private final Ed25519KeyPair hubKey = Ed25519KeyPair.generate();
  private final EnvelopeSigner signer = new Ed25519EnvelopeSigner(hubKey);
  private final TestConfigs.CountingParser parser = new TestConfigs.CountingParser();
  private final ConfigVerifier verifier = verifierTrusting(hubKey);

  @Test
  void acceptsAValidConfigAndParsesItOnce() {
    ClusterConfig config = config(3).build();

    Verification result = verifier.verify(signer.signConfig(config), 2);

    assertThat(accepted(result)).isEqualTo(config);
    assertThat(parser.calls()).isEqualTo(1);
  }

  @Test
  void acceptsAValidConfigArrivingAsSerializedEnvelopeBytes() {
    ClusterConfig config = config(3).build();

    Verification result = verifier.verify(signer.signConfig(config).toByteArray(), 2);

    assertThat(accepted(result)).isEqualTo(config);
  }

  @Test
  void rejectsEveryBitFlipInThePayloadWithoutParsingIt() {
    SignedEnvelope envelope = signer.signConfig(config(3).build());
    byte[] payload = envelope.getPayload().toByteArray();

    for (int i = 0; i < payload.length; i++) {
      for (int bit = 0; bit < 8; bit++) {
        byte[] tampered = payload.clone();
        tampered[i] ^= (byte) (1 << bit);
        SignedEnvelope forged = envelope.toBuilder().setPayload(ByteString.copyFrom(tampered)).build();

        assertThat(rejection(verifier.verify(forged, 0)).reason())
            .as("payload byte %d bit %d", i, bit)
            .isEqualTo(RejectReason.BAD_SIGNATURE);
      }
    }
    assertThat(parser.calls()).isZero();
  }

  @Test
  void rejectsEveryBitFlipInTheSignatureWithoutParsing() {
    SignedEnvelope envelope = signer.signConfig(config(3).build());
    byte[] signature = envelope.getSignature().toByteArray();

    for (int i = 0; i < signature.length; i++) {
      for (int bit = 0; bit < 8; bit++) {
        byte[] tampered = signature.clone();
        tampered[i] ^= (byte) (1 << bit);
        SignedEnvelope forged =
            envelope.toBuilder().setSignature(ByteString.copyFrom(tampered)).build();

        assertThat(rejection(verifier.verify(forged, 0)).reason())
            .as("signature byte %d bit %d", i, bit)
            .isEqualTo(RejectReason.BAD_SIGNATURE);
      }
    }
    assertThat(parser.calls()).isZero();
  }

  @Test
  void rejectsEnvelopeBytesCutAtEveryLengthAsMalformed() {
    byte[] serialized = signer.signConfig(config(3).build()).toByteArray();

    for (int length = 0; length < serialized.length; length++) {
      Verification result = verifier.verify(Arrays.copyOf(serialized, length), 0);

      assertThat(rejection(result).reason())
          .as("envelope cut to %d of %d bytes", length, serialized.length)
          .isEqualTo(RejectReason.MALFORMED);
    }
    assertThat(parser.calls()).isZero();
  }

  @Test
  void rejectsGarbledEnvelopeBytesAsMalformed() {
    byte[] garbage = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f};

    Verification.Rejected rejected = rejection(verifier.verify(garbage, 0));

    assertThat(rejected.reason()).isEqualTo(RejectReason.MALFORMED);
    assertThat(rejected.message()).contains("not a SignedEnvelope");
    assertThat(parser.calls()).isZero();
  }

  @Test
  void rejectsAConfigSignedByAKeyThatIsNotPinned() {
    Ed25519KeyPair stranger = Ed25519KeyPair.generate();

    Verification result =
        verifier.verify(new Ed25519EnvelopeSigner(stranger).signConfig(config(3).build()), 0);

    Verification.Rejected rejected = rejection(result);
    assertThat(rejected.reason()).isEqualTo(RejectReason.UNKNOWN_KEY);
    assertThat(rejected.message()).contains(stranger.keyId().hex());
    assertThat(parser.calls()).isZero();
  }

  @Test
  void rejectsAStrangersSignatureThatClaimsAPinnedKeyId() {
    SignedEnvelope forged =
        new Ed25519EnvelopeSigner(Ed25519KeyPair.generate())
            .signConfig(config(3).build())
            .toBuilder()
            .setKeyId(hubKey.keyId().hex())
            .build();

    assertThat(rejection(verifier.verify(forged, 0)).reason())
        .isEqualTo(RejectReason.BAD_SIGNATURE);
    assertThat(parser.calls()).isZero();
  }

  @Test
  void rejectsASignatureMadeForAnotherPayloadTypeRelabelledAsConfig() {
    SignedEnvelope relabelled =
        signer
            .sign("application/vnd.egressfed.other+protobuf", config(3).build().toByteArray())
            .toBuilder()
            .setPayloadType(PayloadTypes.CLUSTER_CONFIG)
            .build();

    assertThat(rejection(verifier.verify(relabelled, 0)).reason())
        .isEqualTo(RejectReason.BAD_SIGNATURE);
    assertThat(parser.calls()).isZero();
  }

  @Test
  void rejectsAnotherPayloadTypeNamingIt() {
    SignedEnvelope other = signer.sign("application/json", "{}".getBytes(StandardCharsets.UTF_8));

    Verification.Rejected rejected = rejection(verifier.verify(other, 0));

    assertThat(rejected.reason()).isEqualTo(RejectReason.WRONG_PAYLOAD_TYPE);
    assertThat(rejected.message()).contains("'application/json'");
    assertThat(parser.calls()).isZero();
  }

  static Stream<Arguments> malformedEnvelopes() {
    return Stream.of(
        malformed("no payload type", e -> e.clearPayloadType(), "payloadType is missing"),
        malformed("no key id", e -> e.clearKeyId(), "keyId is missing"),
        malformed("upper-case key id", e -> e.setKeyId(e.getKeyId().toUpperCase()), "64 lower-case hex"),
        malformed("short key id", e -> e.setKeyId(e.getKeyId().substring(2)), "64 lower-case hex"),
        malformed("no signature", e -> e.clearSignature(), "signature is missing"),
        malformed(
            "63-byte signature",
            e -> e.setSignature(e.getSignature().substring(1)),
            "signature is 63 bytes"),
        malformed(
            "65-byte signature",
            e -> e.setSignature(e.getSignature().concat(ByteString.copyFrom(new byte[1]))),
            "signature is 65 bytes"));
  }

  private static Arguments malformed(
      String description, UnaryOperator<SignedEnvelope.Builder> damage, String messageFragment) {
    return Arguments.of(description, damage, messageFragment);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedEnvelopes")
  void rejectsMalformedEnvelopesWithoutParsing(
      String description, UnaryOperator<SignedEnvelope.Builder> damage, String messageFragment) {
    SignedEnvelope envelope = damage.apply(signer.signConfig(config(3).build()).toBuilder()).build();

    Verification.Rejected rejected = rejection(verifier.verify(envelope, 0));

    assertThat(rejected.reason()).isEqualTo(RejectReason.MALFORMED);
    assertThat(rejected.message()).contains(messageFragment);
    assertThat(parser.calls()).isZero();
  }

  @Test
  void parsesASignedPayloadOnlyAfterVerifyingAndRejectsOneThatIsNotAConfig() {
    SignedEnvelope signedGarbage =
        signer.sign(PayloadTypes.CLUSTER_CONFIG, new byte[] {(byte) 0xff, (byte) 0xff});

    Verification.Rejected rejected = rejection(verifier.verify(signedGarbage, 0));

    assertThat(rejected.reason()).isEqualTo(RejectReason.MALFORMED_PAYLOAD);
    assertThat(parser.calls()).isEqualTo(1);
  }

  @Test
  void authenticityIsDecidedBeforeAnythingInThePayload() {
    ClusterConfig wrongInEveryWay =
        config(1)
            .setCluster("us-east-2")
            .setExpiresAt(timestamp(NOW.minusSeconds(86_400)))
            .build();
    SignedEnvelope byStranger =
        new Ed25519EnvelopeSigner(Ed25519KeyPair.generate()).signConfig(wrongInEveryWay);
    SignedEnvelope tampered =
        signer.signConfig(wrongInEveryWay).toBuilder()
            .setPayload(config(1).setCluster("us-east-3").build().toByteString())
            .build();

    assertThat(rejection(verifier.verify(byStranger, 5)).reason())
        .isEqualTo(RejectReason.UNKNOWN_KEY);
    assertThat(rejection(verifier.verify(tampered, 5)).reason())
        .isEqualTo(RejectReason.BAD_SIGNATURE);
    assertThat(parser.calls()).isZero();
  }

  @Test
  void duringRotationConfigsSignedByTheOldAndTheNewKeyAreBothAccepted() {
    Ed25519KeyPair newKey = Ed25519KeyPair.generate();
    ConfigVerifier rotating = verifierTrusting(hubKey, newKey);

    Verification byNewKey =
        rotating.verify(new Ed25519EnvelopeSigner(newKey).signConfig(config(4).build()), 3);
    Verification byOldKey = rotating.verify(signer.signConfig(config(4).build()), 3);

    assertThat(accepted(byNewKey).getVersion()).isEqualTo(4);
    assertThat(accepted(byOldKey).getVersion()).isEqualTo(4);
  }

  @Test
  void aNewKeyIsRejectedUntilItIsPinned() {
    Ed25519KeyPair newKey = Ed25519KeyPair.generate();

    Verification result =
        verifier.verify(new Ed25519EnvelopeSigner(newKey).signConfig(config(4).build()), 3);

    assertThat(rejection(result).reason()).isEqualTo(RejectReason.UNKNOWN_KEY);
    assertThat(parser.calls()).isZero();
  }

  private ConfigVerifier verifierTrusting(Ed25519KeyPair... keys) {
    return new PinnedKeyConfigVerifier(
        Arrays.stream(keys).map(Ed25519KeyPair::publicKey).toList(),
        CLUSTER,
        CLOCK,
        PinnedKeyConfigVerifier.DEFAULT_CLOCK_SKEW,
        parser);
  }
}
