package io.egressfed.api.pki;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.operator.DefaultAlgorithmNameFinder;

/**
 * The one key type of the spoke link: ECDSA on NIST P-256. TLS keys are not Ed25519 because gRPC's
 * BoringSSL refuses Ed25519 private keys; P-256 is what every TLS stack supports.
 */
public final class KeyPairs {

    /** Object identifier of the P-256 curve (secp256r1, prime256v1). */
    public static final ASN1ObjectIdentifier P256 = X9ObjectIdentifiers.prime256v1;

    private KeyPairs() {
    }

    /**
     * Generates a fresh P-256 key pair with the platform's default strong randomness. The private key
     * is meant to stay where it was generated.
     *
     * @return the key pair (JCA "EC" keys)
     */
    public static KeyPair generateP256() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("EC P-256 is required of every Java platform", e);
        }
    }

    /**
     * Tells whether a public key is an EC key on P-256.
     *
     * @param key the key
     * @return true for EC P-256
     */
    public static boolean isP256(PublicKey key) {
        return isP256(SubjectPublicKeyInfo.getInstance(key.getEncoded()));
    }

    /**
     * Tells whether an encoded public key is an EC key on the named curve P-256.
     *
     * @param publicKeyInfo the key as found in a certificate or request
     * @return true for EC P-256
     */
    public static boolean isP256(SubjectPublicKeyInfo publicKeyInfo) {
        return X9ObjectIdentifiers.id_ecPublicKey.equals(publicKeyInfo.getAlgorithm().getAlgorithm())
                && P256.equals(publicKeyInfo.getAlgorithm().getParameters());
    }

    /**
     * Names the algorithm of an encoded public key for error messages, e.g. {@code "RSA"},
     * {@code "EC secp384r1"}, {@code "Ed25519"}.
     *
     * @param publicKeyInfo the key
     * @return a short human-readable description
     */
    public static String describe(SubjectPublicKeyInfo publicKeyInfo) {
        ASN1ObjectIdentifier algorithm = publicKeyInfo.getAlgorithm().getAlgorithm();
        if (X9ObjectIdentifiers.id_ecPublicKey.equals(algorithm)) {
            if (publicKeyInfo.getAlgorithm().getParameters() instanceof ASN1ObjectIdentifier curve) {
                String name = ECNamedCurveTable.getName(curve);
                return "EC " + (name != null ? name : curve.getId());
            }
            return "EC with explicit curve parameters";
        }
        return new DefaultAlgorithmNameFinder().getAlgorithmName(algorithm);
    }
}
