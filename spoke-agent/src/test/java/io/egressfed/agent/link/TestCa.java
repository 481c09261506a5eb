package io.egressfed.agent.link;

import io.egressfed.api.pki.CaPin;
import io.egressfed.api.pki.ClusterIdentity;
import io.egressfed.api.pki.CsrBuilder;
import io.egressfed.api.pki.EnrolledCredentials;
import io.egressfed.api.pki.KeyPairs;
import io.egressfed.api.pki.TlsIdentity;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * A minimal CA standing in for the hub's in agent tests (the agent module cannot see the hub): it
 * signs whatever CSR it is given, with the cluster identity of the CSR's CN and the validity asked for.
 */
final class TestCa {

    private final SecureRandom random = new SecureRandom();
    private final KeyPair keys = KeyPairs.generateP256();
    private final X509Certificate certificate;

    TestCa() {
        X500Name subject = new X500Name("CN=test hub CA");
        Instant now = Instant.now();
        certificate = sign(new X509v3CertificateBuilder(subject, serial(), Date.from(now.minusSeconds(60)),
                Date.from(now.plusSeconds(3600)), subject,
                SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded())), true, null);
    }

    X509Certificate certificate() {
        return certificate;
    }

    CaPin pin() {
        return CaPin.of(certificate);
    }

    /** Issues a client certificate for the CSR's CN, valid between the given instants. */
    X509Certificate issue(PKCS10CertificationRequest csr, Instant notBefore, Instant notAfter) {
        String cluster = IETFUtils.valueToString(csr.getSubject().getRDNs(BCStyle.CN)[0].getFirst().getValue());
        X500Name issuer = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
        GeneralNames identity = new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier,
                new ClusterIdentity(cluster).uri().toString()));
        return sign(new X509v3CertificateBuilder(issuer, serial(), Date.from(notBefore), Date.from(notAfter),
                csr.getSubject(), csr.getSubjectPublicKeyInfo()), false, identity);
    }

    /** Credentials of an already enrolled agent of {@code cluster}, valid for an hour. */
    EnrolledCredentials credentials(String cluster) {
        Instant now = Instant.now();
        return credentials(cluster, now.minusSeconds(1), now.plusSeconds(3600));
    }

    /** Credentials of an agent of {@code cluster} whose certificate is valid between the given instants. */
    EnrolledCredentials credentials(String cluster, Instant notBefore, Instant notAfter) {
        KeyPair agentKeys = KeyPairs.generateP256();
        X509Certificate leaf = issue(CsrBuilder.forCluster(cluster).build(agentKeys), notBefore, notAfter);
        return new EnrolledCredentials(new TlsIdentity(agentKeys.getPrivate(), List.of(leaf)), certificate);
    }

    private X509Certificate sign(X509v3CertificateBuilder builder, boolean isCa, GeneralNames names) {
        try {
            builder.addExtension(Extension.basicConstraints, true, isCa ? new BasicConstraints(0)
                    : new BasicConstraints(false));
            if (names != null) {
                builder.addExtension(Extension.subjectAlternativeName, false, names);
            }
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
        } catch (OperatorCreationException | GeneralSecurityException | IOException e) {
            throw new IllegalStateException("the test CA cannot sign", e);
        }
    }

    private BigInteger serial() {
        return new BigInteger(64, random).setBit(63);
    }
}
