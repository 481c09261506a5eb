package io.egressfed.hub.pki;

import io.egressfed.api.pki.ClusterIdentity;
import io.egressfed.api.v1alpha1.SpokeLinkGrpc;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the caller's {@link ClusterIdentity} from its TLS client certificate and makes it available to
 * the service through {@link #current()}. Calls without a client certificate are refused with
 * {@code UNAUTHENTICATED}, except the methods declared open (enrollment).
 *
 * <p>The certificate is trusted because the server's TLS context verified it against the hub CA (see
 * {@link HubTlsContexts}); this interceptor must not be used on a server that accepts other CAs.
 */
public final class ClusterIdentityInterceptor implements ServerInterceptor {

    private static final Logger log = LoggerFactory.getLogger(ClusterIdentityInterceptor.class);

    /** Holds the authenticated caller of the current call. */
    private static final Context.Key<ClusterIdentity> CALLER = Context.key("egressfed-cluster-identity");

    private final Set<String> openMethods;

    /**
     * Creates an interceptor.
     *
     * @param openMethods full method names callable without a client certificate
     */
    public ClusterIdentityInterceptor(Set<String> openMethods) {
        this.openMethods = Set.copyOf(openMethods);
    }

    /**
     * Creates the interceptor of the spoke link: {@code Enroll} and {@code GetSigningKeys} are open,
     * {@code Renew} and {@code Connect} require a client certificate.
     *
     * @return the interceptor
     */
    public static ClusterIdentityInterceptor forSpokeLink() {
        return new ClusterIdentityInterceptor(Set.of(SpokeLinkGrpc.getEnrollMethod().getFullMethodName(),
                SpokeLinkGrpc.getGetSigningKeysMethod().getFullMethodName()));
    }

    /**
     * Returns the authenticated caller of the call being served.
     *
     * @return the caller's identity
     * @throws IllegalStateException when called outside a call that passed this interceptor with a
     *     client certificate
     */
    public static ClusterIdentity current() {
        ClusterIdentity caller = CALLER.get();
        if (caller == null) {
            throw new IllegalStateException("no authenticated cluster in this call context");
        }
        return caller;
    }

    /**
     * Returns the authenticated caller, if the current call has one (open methods may or may not).
     *
     * @return the caller's identity, or empty
     */
    public static Optional<ClusterIdentity> currentIfAny() {
        return Optional.ofNullable(CALLER.get());
    }

    @Override
    public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
            ServerCallHandler<ReqT, RespT> next) {
        String method = call.getMethodDescriptor().getFullMethodName();
        Optional<X509Certificate> clientCertificate;
        try {
            clientCertificate = clientCertificate(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
        } catch (IllegalArgumentException e) {
            return refuse(call, method, e.getMessage());
        }
        if (clientCertificate.isEmpty()) {
            if (openMethods.contains(method)) {
                return next.startCall(call, headers);
            }
            return refuse(call, method, "a client certificate issued by the hub CA is required for " + method);
        }
        ClusterIdentity caller;
        try {
            caller = ClusterIdentity.fromCertificate(clientCertificate.get());
        } catch (IllegalArgumentException e) {
            return refuse(call, method, e.getMessage());
        }
        return Contexts.interceptCall(Context.current().withValue(CALLER, caller), call, headers, next);
    }

    private static Optional<X509Certificate> clientCertificate(SSLSession session) {
        if (session == null) {
            throw new IllegalArgumentException("the spoke link requires TLS");
        }
        Certificate[] chain;
        try {
            chain = session.getPeerCertificates();
        } catch (SSLPeerUnverifiedException e) {
            return Optional.empty();
        }
        if (chain.length == 0) {
            return Optional.empty();
        }
        if (!(chain[0] instanceof X509Certificate leaf)) {
            throw new IllegalArgumentException("the client certificate is not X.509");
        }
        return Optional.of(leaf);
    }

    private static <ReqT, RespT> ServerCall.Listener<ReqT> refuse(ServerCall<ReqT, RespT> call, String method,
            String reason) {
        log.warn("refused {} from {}: {}", method, call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR),
                reason);
        call.close(Status.UNAUTHENTICATED.withDescription(reason), new Metadata());
        return new ServerCall.Listener<>() {
        };
    }
}
