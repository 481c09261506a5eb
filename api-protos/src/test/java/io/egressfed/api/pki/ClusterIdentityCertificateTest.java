package io.egressfed.api.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.cert.X509Certificate;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ClusterIdentityCertificateTest {

    private final TestCertificates certificates = new TestCertificates();
    private final Instant now = Instant.now();
    private TlsIdentity ca;

    @BeforeEach
    void createCa() throws Exception {
        ca = certificates.ca("identity CA");
    }

    @Test
    void identityIsTheClusterNamedByTheUri() throws Exception {
        X509Certificate certificate = certificates.clusterLeaf(ca, "eu-west-1").certificate();

        ClusterIdentity identity = ClusterIdentity.fromCertificate(certificate);

        assertThat(identity.name()).isEqualTo("eu-west-1");
        assertThat(identity.uri()).hasToString("spiffe://egressfed/cluster/eu-west-1");
    }

    @Test
    void commonNameAloneIsNoIdentity() throws Exception {
        X509Certificate certificate = leaf("CN=eu-west-1", null);

        assertThatThrownBy(() -> ClusterIdentity.fromCertificate(certificate))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("client certificate has no subject alternative name URI"
                        + " spiffe://egressfed/cluster/<cluster>");
    }

    @Test
    void commonNameNamingAnotherClusterIsInconsistent() throws Exception {
        X509Certificate certificate = leaf("CN=us-east-1",
                TestCertificates.uri(ClusterIdentity.URI_PREFIX + "eu-west-1"));

        assertThatThrownBy(() -> ClusterIdentity.fromCertificate(certificate))
                .hasMessage("client certificate is inconsistent: subject CN=us-east-1 but identity URI names"
                        + " cluster eu-west-1");
    }

    @Test
    void twoIdentityUrisAreRefused() throws Exception {
        X509Certificate certificate = leaf("O=egressfed", TestCertificates.uri(
                ClusterIdentity.URI_PREFIX + "eu-west-1", ClusterIdentity.URI_PREFIX + "us-east-1"));

        assertThatThrownBy(() -> ClusterIdentity.fromCertificate(certificate))
                .hasMessage("client certificate has 2 egressfed identity URIs; exactly one is allowed");
    }

    @Test
    void uriWithAnInvalidClusterNameIsRefused() throws Exception {
        X509Certificate certificate = leaf("O=egressfed",
                TestCertificates.uri(ClusterIdentity.URI_PREFIX + "eu-west-1/../admin"));

        assertThatThrownBy(() -> ClusterIdentity.fromCertificate(certificate))
                .hasMessageStartingWith("client certificate identity URI: cluster name: \"eu-west-1/../admin\""
                        + " is not a DNS label");
    }

    @Test
    void otherUrisAreIgnored() throws Exception {
        X509Certificate certificate = leaf("CN=eu-west-1", TestCertificates.uri(
                "https://example.test/eu-west-1", ClusterIdentity.URI_PREFIX + "eu-west-1"));

        assertThat(ClusterIdentity.fromCertificate(certificate).name()).isEqualTo("eu-west-1");
    }

    private X509Certificate leaf(String subject, org.bouncycastle.asn1.x509.GeneralNames sans) throws Exception {
        return certificates.leaf(ca, subject, sans, now.minusSeconds(60), now.plusSeconds(3600)).certificate();
    }
}
