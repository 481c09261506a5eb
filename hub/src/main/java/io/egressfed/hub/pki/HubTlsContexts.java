package io.egressfed.hub.pki;

import io.egressfed.api.pki.TrustManagers;
import io.egressfed.api.pki.TlsIdentity;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLException;

/**
 * Server-side TLS contexts of the spoke link, for
 * {@code NettyServerBuilder.forAddress(...).sslContext(...)}. Client certificates are verified
 * against the hub CA only; pair the server with {@link ClusterIdentityInterceptor} to learn who called.
 */
public final class HubTlsContexts {

    private HubTlsContexts() {
    }

    /**
     * A context that requires a client certificate in the handshake: for a port that serves only
     * enrolled agents.
     *
     * @param server the hub's server identity; its chain should end with the CA so that enrolling
     *     agents can find their pin in it
     * @param ca the hub CA, the only issuer of accepted client certificates
     * @return the context
     * @throws SSLException when the TLS provider refuses the key or certificates
     */
    public static SslContext mutualTls(TlsIdentity server, X509Certificate ca) throws SSLException {
        return build(server, ca, ClientAuth.REQUIRE);
    }

    /**
     * A context that asks for a client certificate but also lets agents without one complete the
     * handshake, so that {@code Enroll} and the authenticated methods share one port. A certificate
     * that is presented must still chain to the hub CA, otherwise the handshake fails; the
     * {@link ClusterIdentityInterceptor} then refuses certificate-less calls to every other method.
     *
     * @param server the hub's server identity, chain ending with the CA
     * @param ca the hub CA, the only issuer of accepted client certificates
     * @return the context
     * @throws SSLException when the TLS provider refuses the key or certificates
     */
    public static SslContext enrollmentAndMutualTls(TlsIdentity server, X509Certificate ca) throws SSLException {
        return build(server, ca, ClientAuth.OPTIONAL);
    }

    private static SslContext build(TlsIdentity server, X509Certificate ca, ClientAuth clientAuth)
            throws SSLException {
        SslContextBuilder builder = SslContextBuilder
                .forServer(server.privateKey(), server.chain().toArray(X509Certificate[]::new))
                .trustManager(TrustManagers.trustingOnly(ca))
                .clientAuth(clientAuth);
        return GrpcSslContexts.configure(builder).build();
    }
}
