package io.egressfed.api.pki;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;

/**
 * SHA-256 fingerprints of certificates, as printed by {@code egressctl cluster enroll} and pinned by
 * the agent at install.
 *
 * <p>The canonical form is 64 lower-case hex digits of the SHA-256 of the certificate's DER encoding
 * (the same value as {@code openssl x509 -noout -fingerprint -sha256}, without colons).
 */
public final class Fingerprints {

    private static final int SHA256_HEX_LENGTH = 64;

    private Fingerprints() {
    }

    /**
     * Returns the canonical fingerprint of a certificate.
     *
     * @param certificate the certificate
     * @return 64 lower-case hex digits of the SHA-256 of its DER encoding
     */
    public static String sha256Hex(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(sha256(certificate.getEncoded()));
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("certificate cannot be DER-encoded: " + e.getMessage(), e);
        }
    }

    /**
     * Brings a fingerprint written by a human into canonical form: case is ignored, colons (as printed
     * by openssl) and an optional {@code sha256:} prefix are accepted.
     *
     * @param fingerprint e.g. {@code "AB:CD:..."} or {@code "sha256:abcd..."}
     * @return 64 lower-case hex digits
     * @throws IllegalArgumentException naming what is wrong when the input is not a SHA-256 fingerprint
     */
    public static String normalize(String fingerprint) {
        if (fingerprint == null) {
            throw new IllegalArgumentException("fingerprint: is missing");
        }
        String value = fingerprint.strip().toLowerCase(Locale.ROOT);
        if (value.startsWith("sha256:")) {
            value = value.substring("sha256:".length());
        }
        value = value.replace(":", "");
        if (value.length() != SHA256_HEX_LENGTH) {
            throw new IllegalArgumentException("fingerprint: a SHA-256 fingerprint has " + SHA256_HEX_LENGTH
                    + " hex digits (colons allowed), got " + value.length());
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.digit(c, 16) < 0) {
                throw new IllegalArgumentException("fingerprint: character " + (i + 1)
                        + " is not a hex digit");
            }
        }
        return value;
    }

    /**
     * Compares two fingerprints in time that does not depend on where they differ, so that a peer
     * probing a pin learns nothing from timing. Both sides are normalized first.
     *
     * @param expected the pinned fingerprint (any form {@link #normalize} accepts)
     * @param actual the fingerprint observed (any form {@link #normalize} accepts)
     * @return whether they denote the same SHA-256 value
     * @throws IllegalArgumentException when either side is not a SHA-256 fingerprint
     */
    public static boolean constantTimeEquals(String expected, String actual) {
        byte[] a = normalize(expected).getBytes(StandardCharsets.US_ASCII);
        byte[] b = normalize(actual).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(a, b);
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
