package io.egressfed.api.pki;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * DER form of PKCS#10 certificate requests, as carried by {@code EnrollRequest.csr_der} and
 * {@code RenewRequest.csr_der}.
 */
public final class Csrs {

    private Csrs() {
    }

    /**
     * Parses the DER structure of a request. Its signature is not checked here; the issuer does that
     * before trusting any field.
     *
     * @param der the DER bytes
     * @return the request
     * @throws IllegalArgumentException when the bytes are empty or not a PKCS#10 structure
     */
    public static PKCS10CertificationRequest fromDer(byte[] der) {
        if (der == null || der.length == 0) {
            throw new IllegalArgumentException("csr_der: is empty");
        }
        try {
            return new PKCS10CertificationRequest(der);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("csr_der: is not a DER-encoded PKCS#10 certificate request");
        }
    }

    /**
     * Returns the DER bytes of a request, ready for {@code csr_der}.
     *
     * @param csr the request
     * @return its DER encoding
     */
    public static byte[] toDer(PKCS10CertificationRequest csr) {
        try {
            return csr.getEncoded();
        } catch (IOException e) {
            throw new UncheckedIOException("re-encoding a parsed request cannot fail", e);
        }
    }
}
