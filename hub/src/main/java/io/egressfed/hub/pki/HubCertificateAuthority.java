package io.egressfed.hub.pki;

import io.egressfed.api.pki.ClusterIdentity;
import io.egressfed.api.pki.KeyPairs;
import io.egressfed.api.pki.TlsIdentity;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.util.IPAddress;

/**
 * The hub CA: ECDSA P-256, SHA256withECDSA, subject {@value #CA_SUBJECT}, basicConstraints CA:true with
 * pathLen 0 (it issues leaves only), keyUsage keyCertSign + cRLSign, valid 10 years.
 *
 * <p>Client certificates carry the cluster as subject CN and as the URI SAN
 * {@code spiffe://egressfed/cluster/<name>}, which is their identity (see {@link ClusterIdentity});
 * they have EKU clientAuth and a random positive 128-bit serial. Every certificate starts
 * {@link #CLOCK_SKEW_ALLOWANCE} before issuance and never outlives the CA.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class HubCertificateAuthority implements CertificateAuthority {

    /** Subject of a CA created by {@link #create(Clock)}. */
    public static final String CA_SUBJECT = "CN=egressfed hub CA";
    /** Validity of a CA created by {@link #create(Clock)}. */
    public static final Duration CA_VALIDITY = Duration.ofDays(3650);

    private static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";
    private static final int SERIAL_BITS = 128;

    private final TlsIdentity ca;
    private final Clock clock;
    private final SecureRandom random;

    private HubCertificateAuthority(TlsIdentity ca, Clock clock, SecureRandom random) {
        this.ca = ca;
        this.clock = clock;
        this.random = random;
    }

    /**
     * Creates a new self-signed CA with a fresh key. Nothing is written; see {@link #saveTo(Path)}.
     *
     * @param clock the time source for this CA and everything it issues
     * @return the CA
     */
    public static HubCertificateAuthority create(Clock clock) {
        SecureRandom random = new SecureRandom();
        KeyPair keyPair = KeyPairs.generateP256();
        Instant now = clock.instant();
        X500Name subject = new X500Name(CA_SUBJECT);
        SubjectPublicKeyInfo publicKey = SubjectPublicKeyInfo.getInstance(keyPair.getPublic().getEncoded());
        X509v3CertificateBuilder builder = new X509v3CertificateBuilder(subject, serial(random),
                Date.from(now.minus(CLOCK_SKEW_ALLOWANCE)), Date.from(now.plus(CA_VALIDITY)), subject, publicKey);
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(publicKey));
        } catch (CertIOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot build the CA certificate extensions", e);
        }
        X509Certificate certificate = sign(builder, keyPair);
        return new HubCertificateAuthority(new TlsIdentity(keyPair.getPrivate(), List.of(certificate)),
                clock, random);
    }

    /**
     * Loads a CA from a directory holding {@code ca.crt} and
     * {@code ca.key} (PEM).
     *
     * @param directory the directory
     * @param clock the time source
     * @return the CA
     * @throws IOException when a file cannot be read
     * @throws IllegalArgumentException naming the file and the reason when the content is not a usable,
     *     unexpired, self-signed P-256 CA with its matching key
     */
    public static HubCertificateAuthority load(Path directory, Clock clock) throws IOException {
        return new HubCertificateAuthority(CaDirectory.read(directory, clock.instant()), clock, new SecureRandom());
    }

    /**
     * Loads the CA from a directory, or creates and saves a new one when the directory holds neither
     * file (first start of a hub).
     *
     * @param directory the directory
     * @param clock the time source
     * @return the CA
     * @throws IOException when a file cannot be read or written
     * @throws IllegalStateException when only one of the two files exists
     */
    public static HubCertificateAuthority loadOrCreate(Path directory, Clock clock) throws IOException {
        if (CaDirectory.isEmpty(directory)) {
            HubCertificateAuthority created = create(clock);
            created.saveTo(directory);
            return created;
        }
        return load(directory, clock);
    }

    /**
     * Writes the CA to a directory (created if missing): the key file with permissions 0600, the
     * certificate with 0644. Existing files are never overwritten.
     *
     * @param directory the directory
     * @throws java.nio.file.FileAlreadyExistsException when either file exists
     * @throws IOException when writing fails
     */
    public void saveTo(Path directory) throws IOException {
        CaDirectory.write(directory, ca);
    }

    @Override
    public X509Certificate certificate() {
        return ca.certificate();
    }

    @Override
    public TlsIdentity issueServerCertificate(List<String> dnsNames, List<String> ipAddresses, Duration ttl) {
        List<GeneralName> names = new ArrayList<>();
        for (String dnsName : dnsNames) {
            if (dnsName == null || dnsName.isBlank()) {
                throw new IllegalArgumentException("dnsNames: contains an empty name");
            }
            names.add(new GeneralName(GeneralName.dNSName, dnsName));
        }
        for (String address : ipAddresses) {
            if (address == null || !IPAddress.isValid(address)) {
                throw new IllegalArgumentException("ipAddresses: \"" + address + "\" is not an IPv4 or IPv6 address");
            }
            names.add(new GeneralName(GeneralName.iPAddress, address));
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException("dnsNames, ipAddresses: a server certificate needs at least one name");
        }
        KeyPair keyPair = KeyPairs.generateP256();
        String commonName = dnsNames.isEmpty() ? ipAddresses.get(0) : dnsNames.get(0);
        X509Certificate certificate = issueLeaf(commonName,
                SubjectPublicKeyInfo.getInstance(keyPair.getPublic().getEncoded()),
                new GeneralNames(names.toArray(GeneralName[]::new)), KeyPurposeId.id_kp_serverAuth, ttl);
        return new TlsIdentity(keyPair.getPrivate(), List.of(certificate, certificate()));
    }

    @Override
    public X509Certificate issueClientCertificate(PKCS10CertificationRequest csr, String expectedClusterName,
            Duration ttl) {
        ClusterIdentity cluster = new ClusterIdentity(expectedClusterName);
        return issueClient(csr, cluster, "the token's cluster", ttl);
    }

    @Override
    public X509Certificate renewClientCertificate(PKCS10CertificationRequest csr, ClusterIdentity caller,
            Duration ttl) {
        return issueClient(csr, caller, "the caller's cluster", ttl);
    }

    @Override
    public String toString() {
        return "HubCertificateAuthority[" + pin() + ", notAfter=" + certificate().getNotAfter().toInstant() + "]";
    }

    private X509Certificate issueClient(PKCS10CertificationRequest csr, ClusterIdentity cluster,
            String expectation, Duration ttl) {
        Objects.requireNonNull(csr, "csr");
        requirePositive(ttl);
        SubjectPublicKeyInfo publicKey = ClientCsrValidator.validate(csr, cluster.name(), expectation);
        GeneralNames identity = new GeneralNames(
                new GeneralName(GeneralName.uniformResourceIdentifier, cluster.uri().toString()));
        return issueLeaf(cluster.name(), publicKey, identity, KeyPurposeId.id_kp_clientAuth, ttl);
    }

    private X509Certificate issueLeaf(String commonName, SubjectPublicKeyInfo publicKey, GeneralNames names,
            KeyPurposeId purpose, Duration ttl) {
        requirePositive(ttl);
        Instant now = clock.instant();
        Instant caNotAfter = certificate().getNotAfter().toInstant();
        Instant requestedNotAfter = now.plus(ttl);
        Instant notAfter = requestedNotAfter.isAfter(caNotAfter) ? caNotAfter : requestedNotAfter;
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
        X509v3CertificateBuilder builder = new X509v3CertificateBuilder(
                X500Name.getInstance(certificate().getSubjectX500Principal().getEncoded()), serial(random),
                Date.from(now.minus(CLOCK_SKEW_ALLOWANCE)), Date.from(notAfter), subject, publicKey);
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose))
                    .addExtension(Extension.subjectAlternativeName, false, names)
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(publicKey))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            extensions.createAuthorityKeyIdentifier(certificate()));
        } catch (CertIOException | NoSuchAlgorithmException | CertificateException e) {
            throw new IllegalStateException("cannot build certificate extensions", e);
        }
        return sign(builder, new KeyPair(certificate().getPublicKey(), ca.privateKey()));
    }

    private static void requirePositive(Duration ttl) {
        if (ttl == null || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl: must be positive, got " + ttl);
        }
    }

    private static BigInteger serial(SecureRandom random) {
        // The top bit is forced so that every serial has exactly 128 bits; the value stays positive.
        return new BigInteger(SERIAL_BITS, random).setBit(SERIAL_BITS - 1);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signerKeys) {
        try {
            ContentSigner signer = new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).build(signerKeys.getPrivate());
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(builder.build(signer));
            certificate.verify(signerKeys.getPublic());
            return certificate;
        } catch (OperatorCreationException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a certificate with the CA key", e);
        }
    }
}
