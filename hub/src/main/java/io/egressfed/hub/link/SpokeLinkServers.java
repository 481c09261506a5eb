package io.egressfed.hub.link;

import io.egressfed.api.pki.TlsIdentity;
import io.egressfed.hub.pki.ClusterIdentityInterceptor;
import io.egressfed.hub.pki.HubTlsContexts;
import io.grpc.Server;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.util.MutableHandlerRegistry;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.net.SocketAddress;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLException;

/** Assembles the gRPC server that carries the spoke link. */
public final class SpokeLinkServers {

    private SpokeLinkServers() {
    }

    /**
     * Builds (does not start) a server on which agents enroll without a client certificate and use
     * {@code Renew} and {@code Connect} with one, verified against the hub CA and turned into the
     * caller's cluster identity by {@link ClusterIdentityInterceptor}.
     *
     * @param address where to listen
     * @param serverIdentity the hub's TLS identity, chain ending with the CA so that agents find their pin
     * @param ca the hub CA, the only issuer of accepted client certificates
     * @param service the link service
     * @param inner interceptors that run after the caller's identity is known (metrics, auditing), the
     *     first one closest to the service
     * @return the server, to start
     * @throws SSLException when the TLS provider refuses the key or certificates
     */
    public static Server build(SocketAddress address, TlsIdentity serverIdentity, X509Certificate ca,
            SpokeLinkService service, ServerInterceptor... inner) throws SSLException {
        return build(address, serverIdentity, ca, service, new MutableHandlerRegistry(), inner);
    }

    /**
     * Like {@link #build(SocketAddress, TlsIdentity, X509Certificate, SpokeLinkService, ServerInterceptor...)},
     * and also serves whatever is added to {@code others} later (the admin API, which authenticates its
     * callers with bearer tokens: client certificates are optional on this port, and the cluster identity
     * interceptor guards only the spoke link's own methods).
     *
     * @param address where to listen
     * @param serverIdentity the hub's TLS identity
     * @param ca the hub CA
     * @param service the link service
     * @param others services added after the server started, e.g. once the port is known
     * @param inner interceptors of the link service that run after the caller's identity is known
     * @return the server, to start
     * @throws SSLException when the TLS provider refuses the key or certificates
     */
    public static Server build(SocketAddress address, TlsIdentity serverIdentity, X509Certificate ca,
            SpokeLinkService service, MutableHandlerRegistry others, ServerInterceptor... inner) throws SSLException {
        List<ServerInterceptor> interceptors = new ArrayList<>(List.of(inner));
        // ServerInterceptors.intercept runs the last interceptor first: identity is established outermost.
        interceptors.add(ClusterIdentityInterceptor.forSpokeLink());
        return NettyServerBuilder.forAddress(address)
                .sslContext(HubTlsContexts.enrollmentAndMutualTls(serverIdentity, ca))
                .addService(ServerInterceptors.intercept(service, interceptors))
                .fallbackHandlerRegistry(others)
                .build();
    }
}
