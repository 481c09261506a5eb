package io.egressfed.hub.pki;

import io.egressfed.api.pki.CaPin;
import io.egressfed.api.pki.ClusterIdentity;
import io.egressfed.api.pki.Csrs;
import io.egressfed.api.pki.TlsIdentity;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * The hub's certificate authority: it issues the hub's TLS server certificate and the member clusters'
 * client certificates, whose identity is the cluster name (see {@link ClusterIdentity}).
 */
public interface CertificateAuthority {

    /** Default validity of a client certificate; agents renew at half-life. */
    Duration DEFAULT_CLIENT_TTL = Duration.ofHours(24);

    /** How far {@code notBefore} is set in the past, so that a peer whose clock lags accepts a new certificate. */
    Duration CLOCK_SKEW_ALLOWANCE = Duration.ofMinutes(1);

    /**
     * Returns the CA certificate, to hand to agents ({@code EnrollResponse.ca_pem}) and to trust on the
     * server side.
     *
     * @return the self-signed CA certificate
     */
    X509Certificate certificate();

    /**
     * Returns the fingerprint operators give agents at install ({@code egressctl cluster enroll}).
     *
     * @return the pin of {@link #certificate()}
     */
    default CaPin pin() {
        return CaPin.of(certificate());
    }

    /**
     * Generates a key pair and issues a TLS server certificate for it (EKU serverAuth).
     *
     * @param dnsNames DNS subject alternative names (e.g. {@code "localhost"})
     * @param ipAddresses IP subject alternative names, textual IPv4 or IPv6 (e.g. {@code "127.0.0.1"})
     * @param ttl validity from now
     * @return the key and the chain {@code [server certificate, CA certificate]}
     * @throws IllegalArgumentException when there is no name at all, an address does not parse, or the
     *     ttl is not positive
     */
    TlsIdentity issueServerCertificate(List<String> dnsNames, List<String> ipAddresses, Duration ttl);

    /**
     * Issues a client certificate at enrollment, after checking the request against the cluster the
     * enrollment token was created for.
     *
     * @param csr the agent's request
     * @param expectedClusterName the cluster named by the (already checked) enrollment token
     * @param ttl validity from now, e.g. {@link #DEFAULT_CLIENT_TTL}; capped at the CA's own expiry
     * @return the certificate (CN and identity URI = the cluster, EKU clientAuth)
     * @throws CsrRejectedException when the request fails proof of possession, has a key other than
     *     EC P-256, or names another cluster; nothing is issued
     */
    X509Certificate issueClientCertificate(PKCS10CertificationRequest csr, String expectedClusterName,
            Duration ttl);

    /**
     * Same as {@link #issueClientCertificate(PKCS10CertificationRequest, String, Duration)} for the DER
     * bytes of {@code EnrollRequest.csr_der}.
     *
     * @param csrDer the DER request
     * @param expectedClusterName the cluster named by the enrollment token
     * @param ttl validity from now
     * @return the certificate
     * @throws CsrRejectedException also when the bytes are not a PKCS#10 request
     */
    default X509Certificate issueClientCertificate(byte[] csrDer, String expectedClusterName, Duration ttl) {
        return issueClientCertificate(parse(csrDer), expectedClusterName, ttl);
    }

    /**
     * Issues a fresh client certificate to a cluster that is already authenticated by its current one
     * ({@code SpokeLink.Renew}); the request must name the caller's own cluster.
     *
     * @param csr the agent's request (usually for a new key pair)
     * @param caller the identity read from the caller's verified certificate
     * @param ttl validity from now
     * @return the certificate
     * @throws CsrRejectedException as for enrollment, with a message naming the caller's cluster
     */
    X509Certificate renewClientCertificate(PKCS10CertificationRequest csr, ClusterIdentity caller, Duration ttl);

    /**
     * Same as {@link #renewClientCertificate(PKCS10CertificationRequest, ClusterIdentity, Duration)} for
     * the DER bytes of {@code RenewRequest.csr_der}.
     *
     * @param csrDer the DER request
     * @param caller the identity read from the caller's verified certificate
     * @param ttl validity from now
     * @return the certificate
     * @throws CsrRejectedException also when the bytes are not a PKCS#10 request
     */
    default X509Certificate renewClientCertificate(byte[] csrDer, ClusterIdentity caller, Duration ttl) {
        return renewClientCertificate(parse(csrDer), caller, ttl);
    }

    private static PKCS10CertificationRequest parse(byte[] csrDer) {
        try {
            return Csrs.fromDer(csrDer);
        } catch (IllegalArgumentException e) {
            throw new CsrRejectedException(CsrRejectedException.Reason.MALFORMED, e.getMessage());
        }
    }
}
