package io.egressfed.hub.pki;

import io.egressfed.api.pki.KeyPairs;
import io.egressfed.hub.pki.CsrRejectedException.Reason;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.X509EncodedKeySpec;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.operator.ContentVerifierProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;

/**
 * Decides whether an agent's request may become a client certificate. The key type and signature are
 * checked before the subject is read, so that nothing in an unproven request is trusted.
 */
final class ClientCsrValidator {

    private static final Set<ASN1ObjectIdentifier> ECDSA_SHA2 = Set.of(
            X9ObjectIdentifiers.ecdsa_with_SHA256,
            X9ObjectIdentifiers.ecdsa_with_SHA384,
            X9ObjectIdentifiers.ecdsa_with_SHA512);

    private static final int MAX_ECHOED_LENGTH = 80;

    private ClientCsrValidator() {
    }

    /**
     * Validates a request for a cluster.
     *
     * @param csr the request
     * @param expectedClusterName the only acceptable subject CN
     * @param expectation how the expected name is known, for the message (e.g. "the token's cluster")
     * @return the request's public key, proven to be held by the requester
     * @throws CsrRejectedException with the precise reason otherwise
     */
    static SubjectPublicKeyInfo validate(PKCS10CertificationRequest csr, String expectedClusterName,
            String expectation) {
        SubjectPublicKeyInfo publicKey = csr.getSubjectPublicKeyInfo();
        if (!KeyPairs.isP256(publicKey)) {
            throw new CsrRejectedException(Reason.UNSUPPORTED_KEY, "CSR key is "
                    + KeyPairs.describe(publicKey) + "; the spoke link requires EC P-256 (secp256r1)");
        }
        ASN1ObjectIdentifier signatureAlgorithm = csr.getSignatureAlgorithm().getAlgorithm();
        if (!ECDSA_SHA2.contains(signatureAlgorithm)) {
            throw new CsrRejectedException(Reason.BAD_SIGNATURE, "CSR is signed with algorithm "
                    + signatureAlgorithm.getId() + "; ECDSA with SHA-256, SHA-384 or SHA-512 is required");
        }
        if (!signatureVerifies(csr, publicKey)) {
            throw new CsrRejectedException(Reason.BAD_SIGNATURE, "CSR signature does not verify with the"
                    + " CSR's own public key (no proof of possession of the private key)");
        }
        requireCommonName(csr, expectedClusterName, expectation);
        return publicKey;
    }

    private static boolean signatureVerifies(PKCS10CertificationRequest csr, SubjectPublicKeyInfo publicKey) {
        ContentVerifierProvider verifier;
        try {
            PublicKey key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(publicKey.getEncoded()));
            verifier = new JcaContentVerifierProviderBuilder().build(key);
        } catch (InvalidKeySpecException e) {
            // The key claims P-256 but its point does not decode: nobody can hold its private key.
            return false;
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("EC signature verification is required of every Java platform", e);
        }
        try {
            return csr.isSignatureValid(verifier);
        } catch (PKCSException e) {
            // A signature that cannot even be decoded is as good as a wrong one.
            return false;
        }
    }

    private static void requireCommonName(PKCS10CertificationRequest csr, String expectedClusterName,
            String expectation) {
        RDN[] commonNames = csr.getSubject().getRDNs(BCStyle.CN);
        if (commonNames.length == 0) {
            throw new CsrRejectedException(Reason.SUBJECT_MISMATCH, "CSR subject has no CN; expected CN="
                    + expectedClusterName + " (" + expectation + ")");
        }
        if (commonNames.length > 1 || commonNames[0].isMultiValued()) {
            throw new CsrRejectedException(Reason.SUBJECT_MISMATCH, "CSR subject has several CNs; expected"
                    + " exactly CN=" + expectedClusterName);
        }
        String commonName = IETFUtils.valueToString(commonNames[0].getFirst().getValue());
        if (!commonName.equals(expectedClusterName)) {
            throw new CsrRejectedException(Reason.SUBJECT_MISMATCH, "CSR subject CN=" + printable(commonName)
                    + " does not match " + expectation + " " + expectedClusterName);
        }
    }

    /** The CN is chosen by the requester and ends up in logs: keep it short and on one line. */
    private static String printable(String value) {
        String shortened = value.length() > MAX_ECHOED_LENGTH ? value.substring(0, MAX_ECHOED_LENGTH) + "..." : value;
        StringBuilder out = new StringBuilder(shortened.length());
        shortened.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return out.toString();
    }
}
