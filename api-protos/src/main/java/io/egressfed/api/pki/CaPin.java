package io.egressfed.api.pki;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

/**
 * The hub CA fingerprint an agent is given at install. Until the agent holds the CA certificate itself,
 * this pin is the only thing it trusts; afterwards every CA certificate it is handed is checked
 * against it.
 *
 * @param sha256Hex canonical fingerprint (64 lower-case hex digits), see {@link Fingerprints}
 */
public record CaPin(String sha256Hex) {

    /**
     * Canonicalizes and validates the fingerprint.
     *
     * @throws IllegalArgumentException when it is not a SHA-256 fingerprint
     */
    public CaPin {
        sha256Hex = Fingerprints.normalize(sha256Hex);
    }

    /**
     * Parses a fingerprint as a human writes it: case-insensitive, colons and a {@code sha256:} prefix
     * allowed.
     *
     * @param fingerprint the fingerprint text
     * @return the pin
     * @throws IllegalArgumentException naming what is wrong with the text
     */
    public static CaPin parse(String fingerprint) {
        return new CaPin(fingerprint);
    }

    /**
     * Pins a certificate the caller already trusts (e.g. the hub's own CA).
     *
     * @param caCertificate the CA certificate
     * @return its pin
     */
    public static CaPin of(X509Certificate caCertificate) {
        return new CaPin(Fingerprints.sha256Hex(caCertificate));
    }

    /**
     * Tells whether a certificate is the pinned one (constant-time comparison).
     *
     * @param certificate the candidate
     * @return true when its SHA-256 fingerprint equals the pin
     */
    public boolean matches(X509Certificate certificate) {
        return Fingerprints.constantTimeEquals(sha256Hex, Fingerprints.sha256Hex(certificate));
    }

    /**
     * Accepts the pinned CA certificate and rejects anything else with a message that names both
     * fingerprints (fingerprints are public; no key material is involved).
     *
     * @param caCertificate the CA certificate offered by the hub
     * @throws CertificateException when the fingerprint differs, or the certificate is not a CA
     */
    public void verify(X509Certificate caCertificate) throws CertificateException {
        if (!matches(caCertificate)) {
            throw new CertificateException("hub CA certificate has SHA-256 fingerprint "
                    + Fingerprints.sha256Hex(caCertificate) + " but the pinned fingerprint is " + sha256Hex);
        }
        if (caCertificate.getBasicConstraints() < 0) {
            throw new CertificateException("the pinned certificate " + sha256Hex
                    + " is not a CA certificate (basicConstraints CA:false)");
        }
    }

    @Override
    public String toString() {
        return "sha256:" + sha256Hex;
    }
}
