package io.egressfed.api.pki;

import io.egressfed.api.v1alpha1.EnrollResponse;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * What an agent keeps after enrolling or renewing: its client identity and the hub CA, both checked
 * against what the agent already knows (its private key, its cluster name, the CA pin).
 *
 * @param client the agent's private key with the issued certificate
 * @param ca the hub CA certificate, matching the pin
 */
public record EnrolledCredentials(TlsIdentity client, X509Certificate ca) {

    /**
     * Verifies an {@code EnrollResponse} before anything in it is used: the CA must match the pin, the
     * certificate must be signed by that CA, belong to the agent's key and name the agent's cluster.
     *
     * @param response the hub's answer to Enroll or Renew
     * @param privateKey the key the agent generated for the request
     * @param expectedCluster the agent's cluster name
     * @param pin the CA fingerprint given at install
     * @return the credentials to store and use for the mTLS link
     * @throws CertificateException naming the field and the reason when any check fails
     */
    public static EnrolledCredentials fromResponse(EnrollResponse response, PrivateKey privateKey,
            String expectedCluster, CaPin pin) throws CertificateException {
        X509Certificate ca;
        List<X509Certificate> chain;
        try {
            ca = Pem.decodeCertificate(response.getCaPem());
            chain = Pem.decodeCertificates(response.getCertificatePem());
        } catch (IllegalArgumentException e) {
            throw new CertificateException("enroll response: " + e.getMessage(), e);
        }
        pin.verify(ca);
        X509Certificate leaf = chain.get(0);
        try {
            leaf.verify(ca.getPublicKey());
        } catch (GeneralSecurityException e) {
            throw new CertificateException("enroll response: certificate_pem is not signed by the pinned hub CA", e);
        }
        TlsIdentity client;
        try {
            client = new TlsIdentity(privateKey, List.of(leaf));
        } catch (IllegalArgumentException e) {
            throw new CertificateException("enroll response: certificate_pem: " + e.getMessage(), e);
        }
        ClusterIdentity identity;
        try {
            identity = ClusterIdentity.fromCertificate(leaf);
        } catch (IllegalArgumentException e) {
            throw new CertificateException("enroll response: " + e.getMessage(), e);
        }
        if (!identity.name().equals(expectedCluster)) {
            throw new CertificateException("enroll response: certificate names cluster " + identity.name()
                    + ", this agent is cluster " + expectedCluster);
        }
        return new EnrolledCredentials(client, ca);
    }
}
