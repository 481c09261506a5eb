package io.egressfed.api.pki;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * PEM text of X.509 certificates, PKCS#8 private keys and PKCS#10 certificate requests.
 *
 * <p>Errors name the block type and position, never the block content, so that a private key handed
 * to the wrong decoder does not end up in a log.
 */
public final class Pem {

    static final String CERTIFICATE = "CERTIFICATE";
    static final String PRIVATE_KEY = "PRIVATE KEY";
    static final String EC_PRIVATE_KEY = "EC PRIVATE KEY";
    static final String CERTIFICATE_REQUEST = "CERTIFICATE REQUEST";

    private Pem() {
    }

    /**
     * Encodes one certificate.
     *
     * @param certificate the certificate
     * @return a {@code CERTIFICATE} PEM block
     */
    public static String encodeCertificate(X509Certificate certificate) {
        return encodeCertificates(List.of(certificate));
    }

    /**
     * Encodes a chain, in the order given (leaf first by convention).
     *
     * @param certificates the certificates
     * @return concatenated {@code CERTIFICATE} PEM blocks
     */
    public static String encodeCertificates(List<X509Certificate> certificates) {
        List<PemObject> blocks = new ArrayList<>();
        for (X509Certificate certificate : certificates) {
            try {
                blocks.add(new PemObject(CERTIFICATE, certificate.getEncoded()));
            } catch (CertificateEncodingException e) {
                throw new IllegalArgumentException("certificate cannot be DER-encoded: " + e.getMessage(), e);
            }
        }
        return write(blocks);
    }

    /**
     * Decodes exactly one certificate.
     *
     * @param pem PEM text holding one {@code CERTIFICATE} block
     * @return the certificate
     * @throws IllegalArgumentException when there is not exactly one certificate block or it does not parse
     */
    public static X509Certificate decodeCertificate(String pem) {
        List<X509Certificate> certificates = decodeCertificates(pem);
        if (certificates.size() != 1) {
            throw new IllegalArgumentException("pem: expected exactly one CERTIFICATE block, found "
                    + certificates.size());
        }
        return certificates.get(0);
    }

    /**
     * Decodes a chain of one or more certificates, keeping their order.
     *
     * @param pem PEM text holding only {@code CERTIFICATE} blocks
     * @return the certificates
     * @throws IllegalArgumentException when there is none, another block type, or a block does not parse
     */
    public static List<X509Certificate> decodeCertificates(String pem) {
        List<PemObject> blocks = read(pem);
        if (blocks.isEmpty()) {
            throw new IllegalArgumentException("pem: no CERTIFICATE block found");
        }
        CertificateFactory factory = certificateFactory();
        List<X509Certificate> certificates = new ArrayList<>(blocks.size());
        for (int i = 0; i < blocks.size(); i++) {
            PemObject block = blocks.get(i);
            requireType(block, i, CERTIFICATE);
            try {
                certificates.add((X509Certificate) factory.generateCertificate(
                        new ByteArrayInputStream(block.getContent())));
            } catch (CertificateException | RuntimeException e) {
                throw new IllegalArgumentException("pem: block " + (i + 1)
                        + " (CERTIFICATE) is not a valid X.509 certificate", e);
            }
        }
        return List.copyOf(certificates);
    }

    /**
     * Encodes a private key as unencrypted PKCS#8.
     *
     * @param key the key
     * @return a {@code PRIVATE KEY} PEM block
     */
    public static String encodePrivateKey(PrivateKey key) {
        if (!"PKCS#8".equals(key.getFormat())) {
            throw new IllegalArgumentException("private key is not PKCS#8-encodable (format "
                    + key.getFormat() + ")");
        }
        return write(List.of(new PemObject(PRIVATE_KEY, key.getEncoded())));
    }

    /**
     * Decodes one unencrypted private key: PKCS#8 ({@code PRIVATE KEY}) or, for keys made by
     * {@code openssl ecparam -genkey}, SEC1 ({@code EC PRIVATE KEY}).
     *
     * @param pem PEM text holding one private key block
     * @return the key
     * @throws IllegalArgumentException when there is not exactly one such block, it is encrypted, or it
     *     does not parse
     */
    public static PrivateKey decodePrivateKey(String pem) {
        List<PemObject> blocks = read(pem);
        if (blocks.size() != 1) {
            throw new IllegalArgumentException("pem: expected exactly one private key block, found "
                    + blocks.size());
        }
        PemObject block = blocks.get(0);
        if ("ENCRYPTED PRIVATE KEY".equals(block.getType())) {
            throw new IllegalArgumentException("pem: encrypted private keys are not supported;"
                    + " provide an unencrypted PKCS#8 PRIVATE KEY");
        }
        requireType(block, 0, PRIVATE_KEY, EC_PRIVATE_KEY);
        try {
            PrivateKeyInfo info = PRIVATE_KEY.equals(block.getType())
                    ? PrivateKeyInfo.getInstance(block.getContent())
                    : sec1ToPkcs8(block.getContent());
            return new JcaPEMKeyConverter().getPrivateKey(info);
        } catch (IOException | RuntimeException e) {
            // The cause may quote key bytes, so it is not attached.
            throw new IllegalArgumentException("pem: block 1 (" + block.getType()
                    + ") is not a valid private key");
        }
    }

    /**
     * Encodes a certificate request.
     *
     * @param csr the PKCS#10 request
     * @return a {@code CERTIFICATE REQUEST} PEM block
     */
    public static String encodeCsr(PKCS10CertificationRequest csr) {
        try {
            return write(List.of(new PemObject(CERTIFICATE_REQUEST, csr.getEncoded())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Decodes one certificate request. Its signature is not checked here; the issuer does that.
     *
     * @param pem PEM text holding one {@code CERTIFICATE REQUEST} block
     * @return the request
     * @throws IllegalArgumentException when there is not exactly one such block or it does not parse
     */
    public static PKCS10CertificationRequest decodeCsr(String pem) {
        List<PemObject> blocks = read(pem);
        if (blocks.size() != 1) {
            throw new IllegalArgumentException("pem: expected exactly one CERTIFICATE REQUEST block, found "
                    + blocks.size());
        }
        requireType(blocks.get(0), 0, CERTIFICATE_REQUEST);
        return Csrs.fromDer(blocks.get(0).getContent());
    }

    private static PrivateKeyInfo sec1ToPkcs8(byte[] der) throws IOException {
        org.bouncycastle.asn1.sec.ECPrivateKey sec1 = org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(der);
        if (sec1.getParametersObject() == null) {
            throw new IOException("SEC1 key without curve parameters");
        }
        return new PrivateKeyInfo(
                new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, sec1.getParametersObject()), sec1);
    }

    private static void requireType(PemObject block, int index, String... allowed) {
        for (String type : allowed) {
            if (type.equals(block.getType())) {
                return;
            }
        }
        throw new IllegalArgumentException("pem: block " + (index + 1) + " is '" + block.getType()
                + "', expected " + String.join(" or ", allowed));
    }

    private static List<PemObject> read(String pem) {
        if (pem == null || pem.isBlank()) {
            throw new IllegalArgumentException("pem: is empty");
        }
        List<PemObject> blocks = new ArrayList<>();
        try (PemReader reader = new PemReader(new StringReader(pem))) {
            for (PemObject block = reader.readPemObject(); block != null; block = reader.readPemObject()) {
                blocks.add(block);
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("pem: block " + (blocks.size() + 1)
                    + " is not well-formed (header, footer or base64)");
        }
        return blocks;
    }

    private static String write(List<PemObject> blocks) {
        StringWriter out = new StringWriter();
        try (PemWriter writer = new PemWriter(out)) {
            for (PemObject block : blocks) {
                writer.writeObject(block);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing to a string cannot fail", e);
        }
        return out.toString();
    }

    private static CertificateFactory certificateFactory() {
        try {
            return CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException("X.509 is required of every Java platform", e);
        }
    }
}
