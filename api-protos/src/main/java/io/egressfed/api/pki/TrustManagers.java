package io.egressfed.api.pki;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trust managers of the spoke link: each trusts exactly one CA, never the platform's default roots.
 */
public final class TrustManagers {

    private TrustManagers() {
    }

    /**
     * Trusts only the given CA, with standard PKIX validation (dates, signatures, key usages and, when
     * the TLS engine asks for it, the host name).
     *
     * @param caCertificate the CA to trust
     * @return the trust manager
     */
    public static X509ExtendedTrustManager trustingOnly(X509Certificate caCertificate) {
        try {
            KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
            anchors.load(null, null);
            anchors.setCertificateEntry("egressfed-hub-ca", caCertificate);
            TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
            factory.init(anchors);
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509ExtendedTrustManager extended) {
                    return extended;
                }
            }
            throw new IllegalStateException("the PKIX trust manager factory offers no X509ExtendedTrustManager");
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("PKIX trust managers are required of every Java platform", e);
        }
    }

    /**
     * Trusts a peer whose chain contains the CA with the pinned fingerprint, for when the agent knows
     * only the pin (enrollment).
     *
     * @param pin the hub CA fingerprint given at install
     * @return the trust manager
     */
    public static X509ExtendedTrustManager pinned(CaPin pin) {
        return new PinnedCaTrustManager(pin);
    }
}
