package io.egressfed.api.pki;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Minimal certificate factory for tests of the shared package (the real CA lives in the hub). */
final class TestCertificates {

    private final AtomicLong serials = new AtomicLong(1);

    /** A self-signed P-256 CA. */
    TlsIdentity ca(String commonName) throws Exception {
        KeyPair keys = KeyPairs.generateP256();
        X500Name name = new X500Name("CN=" + commonName);
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, nextSerial(),
                Date.from(now.minusSeconds(60)), Date.from(now.plusSeconds(86_400)), name, keys.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign));
        return new TlsIdentity(keys.getPrivate(), List.of(sign(builder, keys)));
    }

    /** A leaf issued by {@code issuer} with the given subject and SANs, valid over [notBefore, notAfter]. */
    TlsIdentity leaf(TlsIdentity issuer, String subject, GeneralNames sans, Instant notBefore, Instant notAfter)
            throws Exception {
        return leaf(issuer, KeyPairs.generateP256(), subject, sans, notBefore, notAfter);
    }

    /** A leaf for the given key pair. */
    TlsIdentity leaf(TlsIdentity issuer, KeyPair keys, String subject, GeneralNames sans, Instant notBefore,
            Instant notAfter) throws Exception {
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer.certificate(), nextSerial(),
                Date.from(notBefore), Date.from(notAfter), new X500Name(subject), keys.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        if (sans != null) {
            builder.addExtension(Extension.subjectAlternativeName, false, sans);
        }
        return new TlsIdentity(keys.getPrivate(), List.of(sign(builder, new KeyPair(null, issuer.privateKey()))));
    }

    /** A leaf for a cluster, the way the hub CA names clusters. */
    TlsIdentity clusterLeaf(TlsIdentity issuer, String cluster) throws Exception {
        Instant now = Instant.now();
        return leaf(issuer, "CN=" + cluster, uri(ClusterIdentity.URI_PREFIX + cluster),
                now.minusSeconds(60), now.plusSeconds(3600));
    }

    static GeneralNames uri(String... uris) {
        GeneralName[] names = new GeneralName[uris.length];
        for (int i = 0; i < uris.length; i++) {
            names[i] = new GeneralName(GeneralName.uniformResourceIdentifier, uris[i]);
        }
        return new GeneralNames(names);
    }

    private BigInteger nextSerial() {
        return BigInteger.valueOf(serials.getAndIncrement());
    }

    private static X509Certificate sign(JcaX509v3CertificateBuilder builder, KeyPair signer) throws Exception {
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
    }
}
