package io.egressfed.agent.pki;

import io.egressfed.api.pki.CaPin;
import io.egressfed.api.pki.EnrolledCredentials;
import io.egressfed.api.pki.TrustManagers;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLException;

/**
 * Client-side TLS contexts of the spoke link, for {@code NettyChannelBuilder...sslContext(...)}. Both
 * trust the pinned hub CA only, never the platform's default roots.
 */
public final class AgentTlsContexts {

    private AgentTlsContexts() {
    }

    /**
     * The context for {@code Enroll}: no client certificate yet, and the hub is trusted only if its chain
     * contains the CA with the pinned fingerprint.
     *
     * @param pin the CA fingerprint given at install
     * @return the context
     * @throws SSLException when the TLS provider cannot be set up
     */
    public static SslContext forEnrollment(CaPin pin) throws SSLException {
        return GrpcSslContexts.forClient().trustManager(TrustManagers.pinned(pin)).build();
    }

    /**
     * The mutual-TLS context for {@code Connect} and {@code Renew}. The stored CA is checked against
     * the pin again, so that a tampered credentials store cannot swap the hub's CA.
     *
     * @param credentials the agent's client identity and the hub CA
     * @param pin the CA fingerprint given at install
     * @return the context
     * @throws CertificateException when the stored CA does not match the pin
     * @throws SSLException when the TLS provider refuses the key or certificates
     */
    public static SslContext forLink(EnrolledCredentials credentials, CaPin pin)
            throws CertificateException, SSLException {
        pin.verify(credentials.ca());
        return GrpcSslContexts.forClient()
                .keyManager(credentials.client().privateKey(),
                        credentials.client().chain().toArray(X509Certificate[]::new))
                .trustManager(TrustManagers.trustingOnly(credentials.ca()))
                .build();
    }
}
