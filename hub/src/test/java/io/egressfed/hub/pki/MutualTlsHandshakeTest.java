package io.egressfed.hub.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.egressfed.api.pki.CaPin;
import io.egressfed.api.pki.ClusterIdentity;
import io.egressfed.api.pki.CsrBuilder;
import io.egressfed.api.pki.Csrs;
import io.egressfed.api.pki.EnrolledCredentials;
import io.egressfed.api.pki.KeyPairs;
import io.egressfed.api.pki.Pem;
import io.egressfed.api.pki.TlsIdentity;
import io.egressfed.api.pki.TrustManagers;
import io.egressfed.api.v1alpha1.AgentMessage;
import io.egressfed.api.v1alpha1.EnrollRequest;
import io.egressfed.api.v1alpha1.EnrollResponse;
import io.egressfed.api.v1alpha1.EnrollmentToken;
import io.egressfed.api.v1alpha1.HubMessage;
import io.egressfed.api.v1alpha1.RenewRequest;
import io.egressfed.api.v1alpha1.SpokeLinkGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Real TLS over loopback with grpc-netty-shaded (BoringSSL): enrollment with only a CA pin, then
 * mutual TLS whose client certificate decides the caller's cluster identity.
 */
class MutualTlsHandshakeTest {

    private static final String CLUSTER = "eu-west-1";
    private static final long DEADLINE_SECONDS = 20;

    private final Clock clock = Clock.systemUTC();
    private final HubCertificateAuthority ca = HubCertificateAuthority.create(clock);
    private final HubCertificateAuthority otherCa = HubCertificateAuthority.create(clock);
    private final EnrollmentTokens tokens = new EnrollmentTokens(new SecureRandom(), clock);
    private final Map<String, EnrollmentToken> storedTokens = new ConcurrentHashMap<>();
    private final AtomicInteger callsReachingTheServer = new AtomicInteger();
    private final List<Server> servers = new ArrayList<>();
    private final List<ManagedChannel> channels = new ArrayList<>();
    private TlsIdentity serverIdentity;

    @BeforeEach
    void issueServerCertificate() {
        serverIdentity = ca.issueServerCertificate(List.of("localhost"), List.of("127.0.0.1"), Duration.ofHours(1));
    }

    @AfterEach
    void shutDown() throws InterruptedException {
        for (ManagedChannel channel : channels) {
            channel.shutdownNow();
        }
        for (Server server : servers) {
            server.shutdownNow();
        }
        for (ManagedChannel channel : channels) {
            channel.awaitTermination(10, TimeUnit.SECONDS);
        }
        for (Server server : servers) {
            server.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void agentEnrollsWithOnlyThePinThenRenewsUnderItsCertificateIdentity() throws Exception {
        int port = startServer(HubTlsContexts.enrollmentAndMutualTls(serverIdentity, ca.certificate()));
        IssuedToken token = createToken(CLUSTER);
        KeyPair agentKeys = KeyPairs.generateP256();

        EnrollResponse enrolled = stub(port, pinnedClient(ca.pin())).enroll(EnrollRequest.newBuilder()
                .setToken(token.token().value())
                .setCsrDer(csrDer(CLUSTER, agentKeys))
                .build());
        EnrolledCredentials credentials = EnrolledCredentials.fromResponse(enrolled, agentKeys.getPrivate(), CLUSTER,
                ca.pin());

        KeyPair renewedKeys = KeyPairs.generateP256();
        EnrollResponse renewed = stub(port, mutualClient(credentials.client(), ca.certificate()))
                .renew(RenewRequest.newBuilder().setCsrDer(csrDer(CLUSTER, renewedKeys)).build());

        X509Certificate renewedCertificate = Pem.decodeCertificate(renewed.getCertificatePem());
        assertThat(ClusterIdentity.fromCertificate(renewedCertificate).name()).isEqualTo(CLUSTER);
        assertThat(renewedCertificate.getPublicKey()).isEqualTo(renewedKeys.getPublic());
        assertThat(EnrollmentTokens.check(storedTokens.get(token.stored().getId()), token.token().value(),
                clock.instant()).reason()).isEqualTo(TokenCheck.Reason.ALREADY_USED);
    }

    @Test
    void renewalIsIssuedForTheIdentityOfTheCertificateNotForWhatTheCsrClaims() throws Exception {
        int port = startServer(HubTlsContexts.enrollmentAndMutualTls(serverIdentity, ca.certificate()));
        TlsIdentity euWest = clientIdentity(ca, CLUSTER);

        SpokeLinkGrpc.SpokeLinkBlockingStub asEuWest = stub(port, mutualClient(euWest, ca.certificate()));
        RenewRequest claimingAnotherCluster = RenewRequest.newBuilder()
                .setCsrDer(csrDer("us-east-1", KeyPairs.generateP256()))
                .build();

        assertThatThrownBy(() -> asEuWest.renew(claimingAnotherCluster))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription())
                            .isEqualTo("CSR subject CN=us-east-1 does not match the caller's cluster eu-west-1");
                });
    }

    @Test
    void clientCertificateFromAnotherCaFailsTheHandshake() throws Exception {
        int port = startServer(HubTlsContexts.enrollmentAndMutualTls(serverIdentity, ca.certificate()));
        TlsIdentity forged = clientIdentity(otherCa, CLUSTER);

        SpokeLinkGrpc.SpokeLinkBlockingStub asForged = stub(port, mutualClient(forged, ca.certificate()));

        assertThatThrownBy(() -> asForged.renew(renewRequest()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
        assertThat(callsReachingTheServer).as("calls past the handshake").hasValue(0);
    }

    @Test
    void clientWithoutCertificateIsRefusedForRenewAndConnect() throws Exception {
        int port = startServer(HubTlsContexts.enrollmentAndMutualTls(serverIdentity, ca.certificate()));
        SslContext anonymous = pinnedClient(ca.pin());

        assertThatThrownBy(() -> stub(port, anonymous).renew(renewRequest()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
                    assertThat(e.getStatus().getDescription()).isEqualTo("a client certificate issued by the hub"
                            + " CA is required for egressfed.v1alpha1.SpokeLink/Renew");
                });

        CompletableFuture<Status> connectOutcome = new CompletableFuture<>();
        StreamObserver<AgentMessage> upstream = SpokeLinkGrpc.newStub(channel(port, anonymous))
                .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
                .connect(new StreamObserver<>() {
                    @Override
                    public void onNext(HubMessage message) {
                        connectOutcome.completeExceptionally(new AssertionError("unexpected message " + message));
                    }

                    @Override
                    public void onError(Throwable error) {
                        connectOutcome.complete(Status.fromThrowable(error));
                    }

                    @Override
                    public void onCompleted() {
                        connectOutcome.completeExceptionally(new AssertionError("stream completed normally"));
                    }
                });
        upstream.onNext(AgentMessage.getDefaultInstance());
        Status connectStatus = connectOutcome.get(DEADLINE_SECONDS, TimeUnit.SECONDS);
        assertThat(connectStatus.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(connectStatus.getDescription()).endsWith("egressfed.v1alpha1.SpokeLink/Connect");
    }

    @Test
    void requiredClientAuthRefusesTheHandshakeWithoutACertificate() throws Exception {
        int port = startServer(HubTlsContexts.mutualTls(serverIdentity, ca.certificate()));

        assertThatThrownBy(() -> stub(port, pinnedClient(ca.pin())).renew(renewRequest()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
        assertThat(callsReachingTheServer).as("calls past the handshake").hasValue(0);
        EnrollResponse renewed = stub(port, mutualClient(clientIdentity(ca, CLUSTER), ca.certificate()))
                .renew(renewRequest());
        assertThat(ClusterIdentity.fromCertificate(Pem.decodeCertificate(renewed.getCertificatePem())).name())
                .isEqualTo(CLUSTER);
    }

    @Test
    void agentPinnedToAnotherCaRefusesTheHub() throws Exception {
        int port = startServer(HubTlsContexts.enrollmentAndMutualTls(serverIdentity, ca.certificate()));
        IssuedToken token = createToken(CLUSTER);

        assertThatThrownBy(() -> stub(port, pinnedClient(otherCa.pin())).enroll(EnrollRequest.newBuilder()
                .setToken(token.token().value())
                .setCsrDer(csrDer(CLUSTER, KeyPairs.generateP256()))
                .build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE))
                .hasStackTraceContaining("has the pinned CA fingerprint " + otherCa.pin().sha256Hex());
        assertThat(callsReachingTheServer).hasValue(0);
        assertThat(storedTokens.get(token.stored().getId()).getUsed()).as("token untouched").isFalse();
    }

    @Test
    void pinnedAgentChecksTheHubsNameToo() throws Exception {
        TlsIdentity elsewhere = ca.issueServerCertificate(List.of("hub.example"), List.of(), Duration.ofHours(1));
        int port = startServer(HubTlsContexts.enrollmentAndMutualTls(elsewhere, ca.certificate()));

        assertThatThrownBy(() -> stub(port, pinnedClient(ca.pin())).renew(renewRequest()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE))
                .hasStackTraceContaining("No subject alternative names matching IP address 127.0.0.1");
        assertThat(callsReachingTheServer).hasValue(0);
    }

    private int startServer(SslContext sslContext) throws Exception {
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .sslContext(sslContext)
                .addService(ServerInterceptors.intercept(new TestSpokeLink(), ClusterIdentityInterceptor.forSpokeLink(),
                        countingInterceptor()))
                .build()
                .start();
        servers.add(server);
        return server.getPort();
    }

    /** Runs first (outermost), so it sees every call that got through the TLS handshake. */
    private ServerInterceptor countingInterceptor() {
        return new ServerInterceptor() {
            @Override
            public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call,
                    Metadata headers, ServerCallHandler<ReqT, RespT> next) {
                callsReachingTheServer.incrementAndGet();
                return next.startCall(call, headers);
            }
        };
    }

    private SpokeLinkGrpc.SpokeLinkBlockingStub stub(int port, SslContext sslContext) {
        return SpokeLinkGrpc.newBlockingStub(channel(port, sslContext))
                .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS);
    }

    private ManagedChannel channel(int port, SslContext sslContext) {
        ManagedChannel channel = NettyChannelBuilder.forTarget("127.0.0.1:" + port).sslContext(sslContext).build();
        channels.add(channel);
        return channel;
    }

    /** What an enrolling agent uses: no client certificate, trust only the pinned CA. */
    private static SslContext pinnedClient(CaPin pin) throws Exception {
        return GrpcSslContexts.forClient().trustManager(TrustManagers.pinned(pin)).build();
    }

    /** What an enrolled agent uses: its client certificate, trust only the hub CA. */
    private static SslContext mutualClient(TlsIdentity client, X509Certificate hubCa) throws Exception {
        return GrpcSslContexts.forClient()
                .keyManager(client.privateKey(), client.chain().toArray(X509Certificate[]::new))
                .trustManager(TrustManagers.trustingOnly(hubCa))
                .build();
    }

    private static TlsIdentity clientIdentity(HubCertificateAuthority issuer, String cluster) {
        KeyPair keys = KeyPairs.generateP256();
        X509Certificate certificate = issuer.issueClientCertificate(CsrBuilder.forCluster(cluster).build(keys),
                cluster, Duration.ofHours(1));
        return new TlsIdentity(keys.getPrivate(), List.of(certificate));
    }

    private static RenewRequest renewRequest() {
        return RenewRequest.newBuilder().setCsrDer(csrDer(CLUSTER, KeyPairs.generateP256())).build();
    }

    private static ByteString csrDer(String cluster, KeyPair keys) {
        return ByteString.copyFrom(Csrs.toDer(CsrBuilder.forCluster(cluster).build(keys)));
    }

    private IssuedToken createToken(String cluster) {
        IssuedToken token = tokens.issue(cluster);
        storedTokens.put(token.stored().getId(), token.stored());
        return token;
    }

    /** The smallest link service that exercises the PKI the way the real one will. */
    private final class TestSpokeLink extends SpokeLinkGrpc.SpokeLinkImplBase {

        @Override
        public void enroll(EnrollRequest request, StreamObserver<EnrollResponse> responses) {
            Optional<EnrollmentToken> stored = EnrollmentTokens.idOf(request.getToken()).map(storedTokens::get);
            TokenCheck check = EnrollmentTokens.check(stored, request.getToken(), clock.instant());
            if (!check.isOk()) {
                responses.onError(Status.PERMISSION_DENIED.withDescription(check.message()).asRuntimeException());
                return;
            }
            storedTokens.put(stored.get().getId(), EnrollmentTokens.markUsed(stored.get()));
            respond(responses, () -> ca.issueClientCertificate(request.getCsrDer().toByteArray(),
                    check.cluster().orElseThrow(), CertificateAuthority.DEFAULT_CLIENT_TTL));
        }

        @Override
        public void renew(RenewRequest request, StreamObserver<EnrollResponse> responses) {
            ClusterIdentity caller = ClusterIdentityInterceptor.current();
            respond(responses, () -> ca.renewClientCertificate(request.getCsrDer().toByteArray(), caller,
                    CertificateAuthority.DEFAULT_CLIENT_TTL));
        }

        private void respond(StreamObserver<EnrollResponse> responses,
                Supplier<X509Certificate> issuance) {
            X509Certificate certificate;
            try {
                certificate = issuance.get();
            } catch (CsrRejectedException e) {
                responses.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
                return;
            }
            responses.onNext(EnrollResponse.newBuilder()
                    .setCertificatePem(Pem.encodeCertificate(certificate))
                    .setCaPem(Pem.encodeCertificate(ca.certificate()))
                    .setNotAfter(Timestamp.newBuilder()
                            .setSeconds(certificate.getNotAfter().toInstant().getEpochSecond()))
                    .build());
            responses.onCompleted();
        }
    }
}
