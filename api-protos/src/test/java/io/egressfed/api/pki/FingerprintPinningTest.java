package io.egressfed.api.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import javax.net.ssl.X509ExtendedTrustManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FingerprintPinningTest {

    private static final String AUTH_TYPE = "UNKNOWN";

    private final TestCertificates certificates = new TestCertificates();
    private TlsIdentity hubCa;
    private TlsIdentity otherCa;
    private CaPin pin;

    @BeforeEach
    void createAuthorities() throws Exception {
        hubCa = certificates.ca("hub CA");
        otherCa = certificates.ca("hub CA");
        pin = CaPin.parse(Fingerprints.sha256Hex(hubCa.certificate()).toUpperCase());
    }

    @Test
    void pinAcceptsThePinnedCa() {
        assertThat(pin.matches(hubCa.certificate())).isTrue();
        assertThatCode(() -> pin.verify(hubCa.certificate())).doesNotThrowAnyException();
    }

    @Test
    void pinRejectsAnotherCaWithTheSameNameNamingBothFingerprints() {
        String otherFingerprint = Fingerprints.sha256Hex(otherCa.certificate());

        assertThat(pin.matches(otherCa.certificate())).isFalse();
        assertThatThrownBy(() -> pin.verify(otherCa.certificate()))
                .isInstanceOf(CertificateException.class)
                .hasMessage("hub CA certificate has SHA-256 fingerprint " + otherFingerprint
                        + " but the pinned fingerprint is " + pin.sha256Hex());
    }

    @Test
    void pinOfALeafIsNotAcceptedAsACa() throws Exception {
        X509Certificate leaf = certificates.clusterLeaf(hubCa, "eu-west-1").certificate();

        assertThatThrownBy(() -> CaPin.of(leaf).verify(leaf))
                .isInstanceOf(CertificateException.class)
                .hasMessageContaining("is not a CA certificate");
    }

    @Test
    void malformedPinIsRejectedAtParse() {
        assertThatThrownBy(() -> CaPin.parse("sha256:abc"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("fingerprint: a SHA-256 fingerprint has 64 hex digits");
    }

    @Test
    void pinnedTrustManagerAcceptsAChainIssuedByThePinnedCa() throws Exception {
        X509Certificate leaf = certificates.clusterLeaf(hubCa, "hub").certificate();
        X509ExtendedTrustManager trustManager = TrustManagers.pinned(pin);

        assertThatCode(() -> trustManager.checkServerTrusted(
                new X509Certificate[] {leaf, hubCa.certificate()}, AUTH_TYPE)).doesNotThrowAnyException();
    }

    @Test
    void pinnedTrustManagerRejectsAChainWithoutThePinnedCa() throws Exception {
        X509Certificate otherLeaf = certificates.clusterLeaf(otherCa, "hub").certificate();
        X509ExtendedTrustManager trustManager = TrustManagers.pinned(pin);

        assertThatThrownBy(() -> trustManager.checkServerTrusted(
                new X509Certificate[] {otherLeaf, otherCa.certificate()}, AUTH_TYPE))
                .isInstanceOf(CertificateException.class)
                .hasMessageContaining("none of the 2 certificates presented by the peer has the pinned CA"
                        + " fingerprint " + pin.sha256Hex());
    }

    @Test
    void pinnedTrustManagerRejectsALeafNotSignedByThePinnedCaEvenWhenTheCaIsAppended() throws Exception {
        X509Certificate impostor = certificates.clusterLeaf(otherCa, "hub").certificate();
        X509ExtendedTrustManager trustManager = TrustManagers.pinned(pin);

        assertThatThrownBy(() -> trustManager.checkServerTrusted(
                new X509Certificate[] {impostor, hubCa.certificate()}, AUTH_TYPE))
                .isInstanceOf(CertificateException.class);
    }

    @Test
    void pinnedTrustManagerRejectsAnExpiredLeafOfThePinnedCa() throws Exception {
        Instant longAgo = Instant.now().minusSeconds(7200);
        X509Certificate expired = certificates.leaf(hubCa, "CN=hub", null, longAgo, longAgo.plusSeconds(60))
                .certificate();
        X509ExtendedTrustManager trustManager = TrustManagers.pinned(pin);

        assertThatThrownBy(() -> trustManager.checkServerTrusted(
                new X509Certificate[] {expired, hubCa.certificate()}, AUTH_TYPE))
                .isInstanceOf(CertificateException.class);
    }

    @Test
    void caTrustManagerRejectsLeavesOfAnotherCa() throws Exception {
        X509Certificate otherLeaf = certificates.clusterLeaf(otherCa, "eu-west-1").certificate();
        X509ExtendedTrustManager trustManager = TrustManagers.trustingOnly(hubCa.certificate());

        assertThat(trustManager.getAcceptedIssuers()).containsExactly(hubCa.certificate());
        assertThatThrownBy(() -> trustManager.checkClientTrusted(new X509Certificate[] {otherLeaf}, AUTH_TYPE))
                .isInstanceOf(CertificateException.class);
    }
}
