package io.egressfed.e2e.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.egressfed.agent.link.DirectoryCredentialStore;
import io.egressfed.agent.link.HubLink;
import io.egressfed.agent.link.HubLinkSettings;
import io.egressfed.agent.link.LinkState;
import io.egressfed.agent.pki.AgentTlsContexts;
import io.egressfed.api.pki.BootstrapToken;
import io.egressfed.api.pki.ClusterIdentity;
import io.egressfed.api.pki.CsrBuilder;
import io.egressfed.api.pki.Csrs;
import io.egressfed.api.pki.KeyPairs;
import io.egressfed.api.pki.Pem;
import io.egressfed.api.v1alpha1.EnrollRequest;
import io.egressfed.api.v1alpha1.EnrollResponse;
import io.egressfed.api.v1alpha1.SpokeLinkGrpc;
import io.egressfed.e2e.link.LinkLab.RecordingApplier;
import io.egressfed.hub.link.EnrollmentTokenService;
import io.egressfed.hub.pki.EnrollmentTokens;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Enroll over real TLS (the agent trusts only the CA pin): single-use tokens whose refusals are clear
 * and never echo the secret, CSRs bound to the token's cluster, and an agent that enrolls only once.
 */
class EnrollmentOverLinkTest {

    private static final String EU = "eu-west-1";

    @TempDir
    Path work;
    private LinkLab lab;
    private ManagedChannel channel;

    @BeforeEach
    void startHub() throws Exception {
        lab = new LinkLab(work);
        channel = NettyChannelBuilder.forTarget(lab.target()).sslContext(AgentTlsContexts.forEnrollment(lab.ca.pin()))
                .build();
    }

    @AfterEach
    void stop() throws Exception {
        channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        lab.close();
    }

    @Test
    void aTokenEnrollsItsClusterOnceAndIsRefusedTheSecondTime() {
        BootstrapToken token = lab.token(EU);

        EnrollResponse enrolled = enroll(token.value(), EU);

        assertThat(ClusterIdentity.fromCertificate(Pem.decodeCertificate(enrolled.getCertificatePem())).name())
                .isEqualTo(EU);
        assertThat(Pem.decodeCertificate(enrolled.getCaPem())).isEqualTo(lab.ca.certificate());
        assertThat(enrolled.getSigningKeysList()).singleElement()
                .satisfies(key -> assertThat(key.getKeyId()).isEqualTo(lab.signingKey.keyId().hex()));
        assertRefused(() -> enroll(token.value(), EU), Status.Code.UNAUTHENTICATED,
                "token " + token.id() + ": was already used to enroll cluster eu-west-1; create a new token",
                token);
    }

    @Test
    void expiredUnknownAndMalformedTokensAreRefused() {
        Clock twoHoursAgo = Clock.offset(lab.clock, Duration.ofHours(-2));
        BootstrapToken expired = new EnrollmentTokenService(lab.store, lab.keys,
                new EnrollmentTokens(new SecureRandom(), twoHoursAgo)).create(EU, Duration.ofHours(1)).join().token();
        BootstrapToken unknown = new BootstrapToken("abcdef", "0123456789abcdef");

        assertRefused(() -> enroll(expired.value(), EU), Status.Code.UNAUTHENTICATED,
                "token " + expired.id() + ": expired at ", expired);
        assertRefused(() -> enroll(unknown.value(), EU), Status.Code.UNAUTHENTICATED,
                "token abcdef: no such enrollment token", unknown);
        assertRefused(() -> enroll("abcdef-0123456789abcdef", EU), Status.Code.UNAUTHENTICATED,
                "token: has no '.' between id and secret; expected [a-z0-9]{6}.[a-z0-9]{16}", unknown);
    }

    @Test
    void aCsrNamingAnotherClusterIsRefusedAndLeavesTheTokenUsable() {
        BootstrapToken token = lab.token(EU);

        assertRefused(() -> enroll(token.value(), "us-east-1"), Status.Code.INVALID_ARGUMENT,
                "CSR subject CN=us-east-1 does not match the token's cluster eu-west-1", token);

        assertThat(ClusterIdentity.fromCertificate(Pem.decodeCertificate(enroll(token.value(), EU)
                .getCertificatePem())).name()).isEqualTo(EU);
    }

    @Test
    void twoConcurrentEnrollmentsWithOneTokenYieldExactlyOneCertificate() throws Exception {
        BootstrapToken token = lab.token(EU);

        CompletableFuture<EnrollResponse> first = enrollAsync(token.value());
        CompletableFuture<EnrollResponse> second = enrollAsync(token.value());
        CompletableFuture.allOf(first.exceptionally(e -> null), second.exceptionally(e -> null))
                .get(20, TimeUnit.SECONDS);

        List<CompletableFuture<EnrollResponse>> outcomes = List.of(first, second);
        assertThat(outcomes).filteredOn(outcome -> !outcome.isCompletedExceptionally()).hasSize(1);
        assertThat(outcomes).filteredOn(CompletableFuture::isCompletedExceptionally).singleElement()
                .satisfies(refused -> assertThatThrownBy(refused::join).hasCauseInstanceOf(StatusRuntimeException.class)
                        .hasMessageContaining("UNAUTHENTICATED: token " + token.id() + ": was already used"));
    }

    @Test
    void theAgentEnrollsOnceKeepsItsKeyPrivateAndReconnectsWithoutAToken() throws Exception {
        HubLinkSettings withToken = lab.agentSettings(EU);
        HubLink first = lab.startAgent("eu", withToken, new RecordingApplier());
        await().atMost(Duration.ofSeconds(20)).until(() -> first.status().state() == LinkState.CONNECTED);
        first.close();
        Path credentials = work.resolve("eu").resolve("credentials");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                credentials.resolve(DirectoryCredentialStore.KEY_FILE)))).isEqualTo("rw-------");

        HubLinkSettings withoutToken = HubLinkSettings.of(EU, lab.ca.pin(), List.of(lab.signingKey.publicKey()));
        RecordingApplier applier = new RecordingApplier();
        HubLink restarted = lab.startAgent("eu", withoutToken, applier);
        await().atMost(Duration.ofSeconds(20)).until(() -> restarted.status().state() == LinkState.CONNECTED);
        lab.writeConfig(EU, 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> applier.applied.contains(1L));
    }

    private EnrollResponse enroll(String token, String csrCluster) {
        return SpokeLinkGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS)
                .enroll(request(token, csrCluster));
    }

    private CompletableFuture<EnrollResponse> enrollAsync(String token) {
        CompletableFuture<EnrollResponse> result = new CompletableFuture<>();
        SpokeLinkGrpc.newStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS).enroll(request(token, EU),
                new StreamObserver<>() {
                    @Override
                    public void onNext(EnrollResponse response) {
                        result.complete(response);
                    }

                    @Override
                    public void onError(Throwable error) {
                        result.completeExceptionally(error);
                    }

                    @Override
                    public void onCompleted() {
                        // The response already completed the future.
                    }
                });
        return result;
    }

    private static EnrollRequest request(String token, String csrCluster) {
        return EnrollRequest.newBuilder()
                .setToken(token)
                .setCsrDer(ByteString.copyFrom(Csrs.toDer(CsrBuilder.forCluster(csrCluster)
                        .build(KeyPairs.generateP256()))))
                .build();
    }

    private static void assertRefused(Runnable call, Status.Code code, String descriptionStart, BootstrapToken token) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(code);
            assertThat(e.getStatus().getDescription()).startsWith(descriptionStart)
                    .doesNotContain(token.secret());
        });
    }
}
