package io.egressfed.api.pki;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trusts a TLS peer whose chain is issued by the pinned CA, when all the agent knows of that CA is its
 * fingerprint (enrollment). The peer must send the CA certificate in its chain (the hub does).
 *
 * <p>The CA found by its pin becomes the only trust anchor of a standard PKIX validation, so validity
 * dates, signatures, key usages and, where the TLS engine asks for it, the host name are checked
 * exactly as for a CA known in advance.
 */
public final class PinnedCaTrustManager extends X509ExtendedTrustManager {

    private static final X509Certificate[] NO_ISSUERS = new X509Certificate[0];

    private final CaPin pin;

    /**
     * Creates a trust manager for a pin.
     *
     * @param pin the hub CA fingerprint given at install
     */
    public PinnedCaTrustManager(CaPin pin) {
        this.pin = pin;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        anchoredDelegate(chain).checkServerTrusted(chain, authType, engine);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        anchoredDelegate(chain).checkServerTrusted(chain, authType, socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        anchoredDelegate(chain).checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        anchoredDelegate(chain).checkClientTrusted(chain, authType, engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        anchoredDelegate(chain).checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        anchoredDelegate(chain).checkClientTrusted(chain, authType);
    }

    /** The CA is not known before the handshake, so no issuer can be advertised. */
    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return NO_ISSUERS;
    }

    @Override
    public String toString() {
        return "PinnedCaTrustManager[" + pin + "]";
    }

    private X509ExtendedTrustManager anchoredDelegate(X509Certificate[] chain) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("the peer presented no certificate");
        }
        for (X509Certificate candidate : chain) {
            if (pin.matches(candidate)) {
                pin.verify(candidate);
                return TrustManagers.trustingOnly(candidate);
            }
        }
        throw new CertificateException("none of the " + chain.length
                + " certificates presented by the peer has the pinned CA fingerprint " + pin.sha256Hex()
                + " (the peer must send its CA certificate in its chain)");
    }
}
