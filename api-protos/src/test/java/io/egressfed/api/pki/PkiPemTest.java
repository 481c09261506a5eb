package io.egressfed.api.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.Test;

class PkiPemTest {

    private final TestCertificates certificates = new TestCertificates();

    @Test
    void certificateChainRoundTripsInOrder() throws Exception {
        TlsIdentity ca = certificates.ca("round trip CA");
        X509Certificate leaf = certificates.clusterLeaf(ca, "eu-west-1").certificate();

        String pem = Pem.encodeCertificates(List.of(leaf, ca.certificate()));

        assertThat(pem).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(Pem.decodeCertificates(pem)).containsExactly(leaf, ca.certificate());
        assertThat(Pem.decodeCertificate(Pem.encodeCertificate(leaf))).isEqualTo(leaf);
    }

    @Test
    void opensslKeysInPkcs8AndSec1FormDecodeToTheKeyOfTheirCertificate() {
        PrivateKey pkcs8 = Pem.decodePrivateKey(KnownAnswer.PKCS8_KEY_PEM);
        PrivateKey sec1 = Pem.decodePrivateKey(KnownAnswer.SEC1_KEY_PEM);

        assertThat(((ECPrivateKey) sec1).getS()).isEqualTo(((ECPrivateKey) pkcs8).getS());
        TlsIdentity identity = TlsIdentity.fromPem(KnownAnswer.SEC1_KEY_PEM, KnownAnswer.CERTIFICATE_PEM);
        assertThat(identity.certificate().getSubjectX500Principal().getName()).isEqualTo("CN=known answer");
    }

    @Test
    void privateKeyIsWrittenAsPkcs8AndReadBack() {
        KeyPair keys = KeyPairs.generateP256();

        String pem = Pem.encodePrivateKey(keys.getPrivate());

        assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(Pem.decodePrivateKey(pem).getEncoded()).isEqualTo(keys.getPrivate().getEncoded());
    }

    @Test
    void csrRoundTrips() {
        PKCS10CertificationRequest csr = CsrBuilder.forCluster("eu-west-1").build(KeyPairs.generateP256());

        String pem = Pem.encodeCsr(csr);

        assertThat(pem).startsWith("-----BEGIN CERTIFICATE REQUEST-----");
        assertThat(Pem.decodeCsr(pem)).isEqualTo(csr);
        assertThat(Csrs.fromDer(Csrs.toDer(csr))).isEqualTo(csr);
    }

    @Test
    void keyHandedToTheCertificateDecoderIsRefusedWithoutQuotingIt() {
        String keyBase64Line = KnownAnswer.PKCS8_KEY_PEM.lines().skip(1).findFirst().orElseThrow();

        assertThatThrownBy(() -> Pem.decodeCertificate(KnownAnswer.PKCS8_KEY_PEM))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("pem: block 1 is 'PRIVATE KEY', expected CERTIFICATE")
                .hasMessageNotContaining(keyBase64Line);
    }

    @Test
    void twoCertificatesWhereOneIsExpectedAreRefused() {
        String two = KnownAnswer.CERTIFICATE_PEM + KnownAnswer.CERTIFICATE_PEM;

        assertThatThrownBy(() -> Pem.decodeCertificate(two))
                .hasMessage("pem: expected exactly one CERTIFICATE block, found 2");
    }

    @Test
    void certificateBlockWithGarbageDerIsRefused() {
        String garbage = "-----BEGIN CERTIFICATE-----\n"
                + Base64.getEncoder().encodeToString("not a certificate".getBytes()) + "\n-----END CERTIFICATE-----\n";

        assertThatThrownBy(() -> Pem.decodeCertificate(garbage))
                .hasMessage("pem: block 1 (CERTIFICATE) is not a valid X.509 certificate");
    }

    @Test
    void corruptKeyIsRefusedWithoutItsCause() {
        String corrupt = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getEncoder().encodeToString(new byte[] {0x30, 0x03, 0x02, 0x01, 0x00}) + "\n"
                + "-----END PRIVATE KEY-----\n";

        assertThatThrownBy(() -> Pem.decodePrivateKey(corrupt))
                .hasMessage("pem: block 1 (PRIVATE KEY) is not a valid private key")
                .hasNoCause();
    }

    @Test
    void encryptedKeyIsRefusedWithAHint() {
        String encrypted = "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n";

        assertThatThrownBy(() -> Pem.decodePrivateKey(encrypted))
                .hasMessageStartingWith("pem: encrypted private keys are not supported");
    }

    @Test
    void unterminatedBlockAndEmptyTextAreRefused() {
        assertThatThrownBy(() -> Pem.decodeCertificates("-----BEGIN CERTIFICATE-----\nAAAA\n"))
                .hasMessage("pem: block 1 is not well-formed (header, footer or base64)");
        assertThatThrownBy(() -> Pem.decodeCertificates(" \n")).hasMessage("pem: is empty");
        assertThatThrownBy(() -> Pem.decodeCertificates("no pem here")).hasMessage("pem: no CERTIFICATE block found");
    }

    @Test
    void emptyCsrBytesAreRefusedNamingTheField() {
        assertThatThrownBy(() -> Csrs.fromDer(new byte[0])).hasMessage("csr_der: is empty");
        assertThatThrownBy(() -> Csrs.fromDer(new byte[] {1, 2, 3}))
                .hasMessage("csr_der: is not a DER-encoded PKCS#10 certificate request");
    }
}
