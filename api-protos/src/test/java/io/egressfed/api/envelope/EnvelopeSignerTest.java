package io.egressfed.api.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.egressfed.api.v1alpha1.ClusterConfig;
import io.egressfed.api.v1alpha1.SignedEnvelope;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class EnvelopeSignerTest {

  private final Ed25519KeyPair keyPair = Ed25519KeyPair.generate();
  private final EnvelopeSigner signer = new Ed25519EnvelopeSigner(keyPair);

  @Test
  void signConfigCarriesTheSerializedConfigTypeAndKeyId() throws Exception {
    ClusterConfig config = TestConfigs.config(7).build();

    SignedEnvelope envelope = signer.signConfig(config);

    assertThat(envelope.getPayloadType()).isEqualTo(PayloadTypes.CLUSTER_CONFIG);
    assertThat(envelope.getPayload().toByteArray()).isEqualTo(config.toByteArray());
    assertThat(ClusterConfig.parseFrom(envelope.getPayload())).isEqualTo(config);
    assertThat(envelope.getKeyId()).isEqualTo(keyPair.keyId().hex());
    assertThat(signer.keyId()).isEqualTo(keyPair.keyId());
    assertThat(envelope.getSignature().size()).isEqualTo(64);
  }

  @Test
  void signatureIsStandardEd25519OverThePaeOfTypeAndPayload() throws GeneralSecurityException {
    byte[] payload = TestConfigs.config(7).build().toByteArray();

    SignedEnvelope envelope = signer.sign(PayloadTypes.CLUSTER_CONFIG, payload);

    // The JDK's own Ed25519 implementation, independent of BouncyCastle.
    Signature jdk = Signature.getInstance("Ed25519");
    jdk.initVerify(jdkPublicKey(keyPair.publicKey()));
    jdk.update(Pae.encode(PayloadTypes.CLUSTER_CONFIG, payload));
    assertThat(jdk.verify(envelope.getSignature().toByteArray())).isTrue();

    jdk.initVerify(jdkPublicKey(keyPair.publicKey()));
    jdk.update(payload);
    assertThat(jdk.verify(envelope.getSignature().toByteArray()))
        .as("the bare payload, without PAE, must not verify")
        .isFalse();
  }

  @Test
  void laterChangesToTheCallersArrayDoNotChangeTheEnvelope() {
    byte[] payload = {1, 2, 3};
    SignedEnvelope envelope = signer.sign("application/octet-stream", payload);

    payload[0] = 9;

    assertThat(envelope.getPayload().toByteArray()).containsExactly(1, 2, 3);
  }

  @Test
  void refusesAnEmptyPayloadType() {
    assertThatThrownBy(() -> signer.sign("", new byte[] {1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("payloadType");
  }

  private static PublicKey jdkPublicKey(Ed25519PublicKey key) throws GeneralSecurityException {
    String pem = Ed25519Pem.publicKeyPem(key);
    String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    return KeyFactory.getInstance("Ed25519")
        .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
  }
}
