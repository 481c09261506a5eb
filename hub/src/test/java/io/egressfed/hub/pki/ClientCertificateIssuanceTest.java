package io.egressfed.hub.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.egressfed.api.pki.ClusterIdentity;
import io.egressfed.api.pki.CsrBuilder;
import io.egressfed.api.pki.Csrs;
import io.egressfed.api.pki.KeyPairs;
import io.egressfed.hub.pki.CsrRejectedException.Reason;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCS10CertificationRequestBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientCertificateIssuanceTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final int SAN_URI = 6;
    private static final String NO_PROOF_OF_POSSESSION = "CSR signature does not verify with the CSR's own public key"
            + " (no proof of possession of the private key)";

    private final HubCertificateAuthority ca = HubCertificateAuthority.create(Clock.fixed(NOW, ZoneOffset.UTC));
    private final KeyPair agentKeys = KeyPairs.generateP256();

    @Test
    void certificateNamesTheClusterForTlsClientUseOnly() throws Exception {
        PKCS10CertificationRequest csr = CsrBuilder.forCluster("eu-west-1").build(agentKeys);

        X509Certificate certificate = ca.issueClientCertificate(csr, "eu-west-1",
                CertificateAuthority.DEFAULT_CLIENT_TTL);

        assertThat(ClusterIdentity.fromCertificate(certificate)).isEqualTo(new ClusterIdentity("eu-west-1"));
        assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=eu-west-1");
        assertThat(certificate.getSubjectAlternativeNames())
                .containsExactly(List.of(SAN_URI, "spiffe://egressfed/cluster/eu-west-1"));
        assertThat(certificate.getExtendedKeyUsage()).containsExactly(CLIENT_AUTH);
        assertThat(certificate.getKeyUsage()[0]).as("digitalSignature").isTrue();
        assertThat(certificate.getBasicConstraints()).isEqualTo(-1);
        assertThat(certificate.getPublicKey().getEncoded()).isEqualTo(agentKeys.getPublic().getEncoded());
        assertThat(certificate.getIssuerX500Principal()).isEqualTo(ca.certificate().getSubjectX500Principal());
        assertThatCode(() -> certificate.verify(ca.certificate().getPublicKey())).doesNotThrowAnyException();
    }

    @Test
    void validityStartsOneMinuteEarlyAndLastsTheTtl() {
        X509Certificate certificate = issue("eu-west-1", Duration.ofHours(24));

        assertThat(certificate.getNotBefore().toInstant()).isEqualTo(NOW.minus(Duration.ofMinutes(1)));
        assertThat(certificate.getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofHours(24)));
    }

    @Test
    void serialsAreRandomPositive128BitNumbers() {
        BigInteger first = issue("eu-west-1", Duration.ofHours(1)).getSerialNumber();
        BigInteger second = issue("eu-west-1", Duration.ofHours(1)).getSerialNumber();

        assertThat(first.signum()).isEqualTo(1);
        assertThat(first.bitLength()).isEqualTo(128);
        assertThat(second.bitLength()).isEqualTo(128);
        assertThat(second).isNotEqualTo(first);
    }

    @Test
    void certificateNeverOutlivesTheCa(@TempDir Path directory) throws Exception {
        ca.saveTo(directory);
        Instant oneHourBeforeCaExpiry = ca.certificate().getNotAfter().toInstant().minus(Duration.ofHours(1));
        HubCertificateAuthority agingCa = HubCertificateAuthority.load(directory,
                Clock.fixed(oneHourBeforeCaExpiry, ZoneOffset.UTC));

        X509Certificate certificate = agingCa.issueClientCertificate(
                CsrBuilder.forCluster("eu-west-1").build(agentKeys), "eu-west-1", Duration.ofHours(24));

        assertThat(certificate.getNotAfter()).isEqualTo(ca.certificate().getNotAfter());
    }

    @Test
    void csrForAnotherClusterIsRefusedWithAPreciseMessage() {
        PKCS10CertificationRequest csr = CsrBuilder.forCluster("b").build(agentKeys);

        assertRejected(() -> ca.issueClientCertificate(csr, "a", Duration.ofHours(24)), Reason.SUBJECT_MISMATCH,
                "CSR subject CN=b does not match the token's cluster a");
    }

    @Test
    void renewalForAnotherClusterNamesTheCaller() {
        PKCS10CertificationRequest csr = CsrBuilder.forCluster("us-east-1").build(agentKeys);

        assertRejected(() -> ca.renewClientCertificate(csr, new ClusterIdentity("eu-west-1"), Duration.ofHours(24)),
                Reason.SUBJECT_MISMATCH, "CSR subject CN=us-east-1 does not match the caller's cluster eu-west-1");
    }

    @Test
    void csrWithoutCommonNameIsRefused() throws Exception {
        PKCS10CertificationRequest csr = new JcaPKCS10CertificationRequestBuilder(new X500Name("O=egressfed"),
                agentKeys.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(agentKeys.getPrivate()));

        assertRejected(() -> ca.issueClientCertificate(csr, "a", Duration.ofHours(24)), Reason.SUBJECT_MISMATCH,
                "CSR subject has no CN; expected CN=a (the token's cluster)");
    }

    @Test
    void csrWithAnRsaKeyIsRefused() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair rsa = generator.generateKeyPair();
        PKCS10CertificationRequest csr = signedCsr("eu-west-1", rsa, "SHA256withRSA");

        assertRejected(() -> ca.issueClientCertificate(csr, "eu-west-1", Duration.ofHours(24)), Reason.UNSUPPORTED_KEY,
                "CSR key is RSA; the spoke link requires EC P-256 (secp256r1)");
    }

    @Test
    void csrWithAnotherCurveIsRefused() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp384r1"));
        PKCS10CertificationRequest csr = signedCsr("eu-west-1", generator.generateKeyPair(), "SHA384withECDSA");

        assertRejected(() -> ca.issueClientCertificate(csr, "eu-west-1", Duration.ofHours(24)), Reason.UNSUPPORTED_KEY,
                "CSR key is EC secp384r1; the spoke link requires EC P-256 (secp256r1)");
    }

    @Test
    void csrForSomeoneElsesKeyFailsProofOfPossession() throws Exception {
        KeyPair victim = KeyPairs.generateP256();
        PKCS10CertificationRequest csr = new PKCS10CertificationRequestBuilder(new X500Name("CN=eu-west-1"),
                SubjectPublicKeyInfo.getInstance(victim.getPublic().getEncoded()))
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(agentKeys.getPrivate()));

        assertRejected(() -> ca.issueClientCertificate(csr, "eu-west-1", Duration.ofHours(24)), Reason.BAD_SIGNATURE,
                NO_PROOF_OF_POSSESSION);
    }

    @Test
    void csrWithATamperedSignatureIsRefused() {
        byte[] der = Csrs.toDer(CsrBuilder.forCluster("eu-west-1").build(agentKeys));
        der[der.length - 1] ^= 0x01;

        assertRejected(() -> ca.issueClientCertificate(der, "eu-west-1", Duration.ofHours(24)), Reason.BAD_SIGNATURE,
                NO_PROOF_OF_POSSESSION);
    }

    @Test
    void csrSignedWithSha1IsRefused() throws Exception {
        PKCS10CertificationRequest csr = signedCsr("eu-west-1", agentKeys, "SHA1withECDSA");

        assertRejected(() -> ca.issueClientCertificate(csr, "eu-west-1", Duration.ofHours(24)), Reason.BAD_SIGNATURE,
                "CSR is signed with algorithm 1.2.840.10045.4.1; ECDSA with SHA-256, SHA-384 or SHA-512 is required");
    }

    @Test
    void bytesThatAreNoCsrAreRefusedAsMalformed() {
        byte[] notACsr = {0x30, 0x01, 0x00};

        assertRejected(() -> ca.issueClientCertificate(notACsr, "eu-west-1", Duration.ofHours(24)),
                Reason.MALFORMED, "csr_der: is not a DER-encoded PKCS#10 certificate request");
    }

    @Test
    void controlCharactersOfARequestedNameAreNotEchoed() throws Exception {
        PKCS10CertificationRequest csr = signedCsr("evil\nlog line", agentKeys, "SHA256withECDSA");

        assertRejected(() -> ca.issueClientCertificate(csr, "a", Duration.ofHours(24)), Reason.SUBJECT_MISMATCH,
                "CSR subject CN=evil?log line does not match the token's cluster a");
    }

    private X509Certificate issue(String cluster, Duration ttl) {
        return ca.issueClientCertificate(CsrBuilder.forCluster(cluster).build(agentKeys), cluster, ttl);
    }

    private static PKCS10CertificationRequest signedCsr(String commonName, KeyPair keys, String algorithm)
            throws Exception {
        X500Name subject = new X500NameBuilder().addRDN(BCStyle.CN, commonName).build();
        return new JcaPKCS10CertificationRequestBuilder(subject, keys.getPublic())
                .build(new JcaContentSignerBuilder(algorithm).build(keys.getPrivate()));
    }

    private static void assertRejected(ThrowingCallable issuance, Reason reason, String message) {
        assertThatThrownBy(issuance)
                .isInstanceOfSatisfying(CsrRejectedException.class, e -> assertThat(e.reason()).isEqualTo(reason))
                .hasMessage(message);
    }
}
