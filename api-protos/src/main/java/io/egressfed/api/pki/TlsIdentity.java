package io.egressfed.api.pki;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A private key and its certificate chain: what a TLS endpoint presents (the hub's server identity,
 * an agent's client identity).
 *
 * <p>{@link #toString()} shows the leaf's subject and expiry, never the key.
 *
 * @param privateKey the EC P-256 private key of the leaf
 * @param chain leaf first, then issuers (the hub sends its CA too, so that a pinning agent can find it)
 */
public record TlsIdentity(PrivateKey privateKey, List<X509Certificate> chain) {

    /**
     * Checks that the chain is not empty, the leaf is EC P-256 and the key belongs to the leaf.
     *
     * @throws IllegalArgumentException naming what does not fit
     */
    public TlsIdentity {
        if (privateKey == null) {
            throw new IllegalArgumentException("private key: is missing");
        }
        if (chain == null || chain.isEmpty()) {
            throw new IllegalArgumentException("certificate chain: is empty");
        }
        chain = List.copyOf(chain);
        if (!KeyPairs.isP256(chain.get(0).getPublicKey())) {
            throw new IllegalArgumentException("certificate chain: the leaf key is not EC P-256");
        }
        requireKeyMatchesLeaf(privateKey, chain.get(0));
    }

    /**
     * Loads an identity from PEM text, as written by {@link #privateKeyPem()} and
     * {@link #certificateChainPem()}.
     *
     * @param privateKeyPem the private key PEM
     * @param certificateChainPem the chain PEM, leaf first
     * @return the identity
     * @throws IllegalArgumentException when either does not parse or they do not belong together
     */
    public static TlsIdentity fromPem(String privateKeyPem, String certificateChainPem) {
        return new TlsIdentity(Pem.decodePrivateKey(privateKeyPem), Pem.decodeCertificates(certificateChainPem));
    }

    /**
     * Returns the leaf certificate.
     *
     * @return the first certificate of the chain
     */
    public X509Certificate certificate() {
        return chain.get(0);
    }

    /**
     * Returns the chain as PEM, leaf first.
     *
     * @return concatenated CERTIFICATE blocks
     */
    public String certificateChainPem() {
        return Pem.encodeCertificates(chain);
    }

    /**
     * Returns the private key as PKCS#8 PEM. Handle the result as a secret: write it to a file only
     * readable by its owner and never log it.
     *
     * @return a PRIVATE KEY block
     */
    public String privateKeyPem() {
        return Pem.encodePrivateKey(privateKey);
    }

    @Override
    public String toString() {
        X509Certificate leaf = certificate();
        return "TlsIdentity[subject=" + leaf.getSubjectX500Principal().getName()
                + ", notAfter=" + leaf.getNotAfter().toInstant()
                + ", chainLength=" + chain.size() + ", privateKey=<redacted>]";
    }

    private static void requireKeyMatchesLeaf(PrivateKey privateKey, X509Certificate leaf) {
        // JCA cannot derive the public key from an EC private key, so the pair is proven by a signature.
        byte[] challenge = new byte[32];
        new SecureRandom().nextBytes(challenge);
        try {
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(privateKey);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(leaf.getPublicKey());
            verifier.update(challenge);
            if (verifier.verify(signature)) {
                return;
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("private key: is not an EC key usable for SHA256withECDSA", e);
        }
        throw new IllegalArgumentException("private key: does not belong to the leaf certificate "
                + leaf.getSubjectX500Principal().getName());
    }
}
