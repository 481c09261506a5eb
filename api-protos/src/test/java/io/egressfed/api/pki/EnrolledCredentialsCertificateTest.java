package io.egressfed.api.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.egressfed.api.v1alpha1.EnrollResponse;
import java.security.KeyPair;
import java.security.cert.CertificateException;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EnrolledCredentialsCertificateTest {

    private static final String CLUSTER = "eu-west-1";

    private final TestCertificates certificates = new TestCertificates();
    private final KeyPair agentKeys = KeyPairs.generateP256();
    private final Instant now = Instant.now();
    private TlsIdentity hubCa;
    private CaPin pin;

    @BeforeEach
    void createCa() throws Exception {
        hubCa = certificates.ca("hub CA");
        pin = CaPin.of(hubCa.certificate());
    }

    @Test
    void responseFromThePinnedCaForThisKeyAndClusterIsAccepted() throws Exception {
        TlsIdentity issued = issue(hubCa, agentKeys, CLUSTER);

        EnrolledCredentials credentials = EnrolledCredentials.fromResponse(
                response(issued, hubCa), agentKeys.getPrivate(), CLUSTER, pin);

        assertThat(credentials.ca()).isEqualTo(hubCa.certificate());
        assertThat(credentials.client().certificate()).isEqualTo(issued.certificate());
        assertThat(credentials.client().privateKey()).isEqualTo(agentKeys.getPrivate());
    }

    @Test
    void caThatDoesNotMatchThePinIsRefused() throws Exception {
        TlsIdentity rogueCa = certificates.ca("hub CA");
        TlsIdentity issued = issue(rogueCa, agentKeys, CLUSTER);

        assertThatThrownBy(() -> EnrolledCredentials.fromResponse(
                response(issued, rogueCa), agentKeys.getPrivate(), CLUSTER, pin))
                .isInstanceOf(CertificateException.class)
                .hasMessageEndingWith("but the pinned fingerprint is " + pin.sha256Hex());
    }

    @Test
    void certificateNotSignedByThePinnedCaIsRefused() throws Exception {
        TlsIdentity issued = issue(certificates.ca("hub CA"), agentKeys, CLUSTER);

        assertThatThrownBy(() -> EnrolledCredentials.fromResponse(
                response(issued, hubCa), agentKeys.getPrivate(), CLUSTER, pin))
                .hasMessage("enroll response: certificate_pem is not signed by the pinned hub CA");
    }

    @Test
    void certificateForAnotherKeyIsRefused() throws Exception {
        TlsIdentity issued = issue(hubCa, KeyPairs.generateP256(), CLUSTER);

        assertThatThrownBy(() -> EnrolledCredentials.fromResponse(
                response(issued, hubCa), agentKeys.getPrivate(), CLUSTER, pin))
                .hasMessageStartingWith("enroll response: certificate_pem: private key: does not belong");
    }

    @Test
    void certificateForAnotherClusterIsRefused() throws Exception {
        TlsIdentity issued = issue(hubCa, agentKeys, "us-east-1");

        assertThatThrownBy(() -> EnrolledCredentials.fromResponse(
                response(issued, hubCa), agentKeys.getPrivate(), CLUSTER, pin))
                .hasMessage("enroll response: certificate names cluster us-east-1, this agent is cluster eu-west-1");
    }

    private TlsIdentity issue(TlsIdentity ca, KeyPair keys, String cluster) throws Exception {
        return certificates.leaf(ca, keys, "CN=" + cluster, TestCertificates.uri(ClusterIdentity.URI_PREFIX + cluster),
                now.minusSeconds(60), now.plusSeconds(3600));
    }

    private static EnrollResponse response(TlsIdentity issued, TlsIdentity ca) {
        return EnrollResponse.newBuilder()
                .setCertificatePem(Pem.encodeCertificate(issued.certificate()))
                .setCaPem(Pem.encodeCertificate(ca.certificate()))
                .build();
    }
}
