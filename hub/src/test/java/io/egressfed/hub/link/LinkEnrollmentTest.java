package io.egressfed.hub.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.egressfed.api.pki.ClusterIdentity;
import io.egressfed.api.pki.CsrBuilder;
import io.egressfed.api.pki.Csrs;
import io.egressfed.api.pki.KeyPairs;
import io.egressfed.api.pki.Pem;
import io.egressfed.api.v1alpha1.EnrollRequest;
import io.egressfed.api.v1alpha1.EnrollResponse;
import io.egressfed.api.v1alpha1.EnrollmentToken;
import io.egressfed.api.v1alpha1.RenewRequest;
import io.egressfed.api.v1alpha1.SigningKey;
import io.egressfed.hub.pki.CertificateAuthority;
import io.egressfed.hub.pki.EnrollmentTokens;
import io.egressfed.hub.pki.HubCertificateAuthority;
import io.egressfed.hub.pki.IssuedToken;
import io.egressfed.hub.store.ForwardingStore;
import io.egressfed.hub.store.InMemoryStore;
import io.egressfed.hub.store.KeyValue;
import io.egressfed.hub.store.Keys;
import io.egressfed.hub.store.Store;
import io.egressfed.hub.store.StoreException;
import io.grpc.Status;
import io.grpc.StatusException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Enroll and Renew without a network: token spending, its race, and the statuses of refusals. */
class LinkEnrollmentTest {

    private static final String EU = "eu-west-1";
    private static final SigningKey SIGNING_KEY = SigningKey.newBuilder().setKeyId("ab".repeat(32))
            .setPublicKeyPem("-----BEGIN PUBLIC KEY-----\n-----END PUBLIC KEY-----\n").build();

    private final Clock clock = Clock.systemUTC();
    private final Keys keys = Keys.defaults();
    private final InMemoryStore store = new InMemoryStore();
    private final HubCertificateAuthority ca = HubCertificateAuthority.create(clock);
    private final EnrollmentTokens tokens = new EnrollmentTokens(new SecureRandom(), clock);
    private final ExecutorService callers = Executors.newFixedThreadPool(2);

    @AfterEach
    void stop() {
        callers.shutdownNow();
        store.close();
    }

    @Test
    void enrollmentReturnsACertificateForTheTokensClusterAndSpendsTheToken() {
        IssuedToken token = storedToken(EU);
        LinkEnrollment enrollment = enrollment(store);

        EnrollResponse response = enrollment.enroll(request(token.token().value(), EU)).join();

        assertThat(ClusterIdentity.fromCertificate(Pem.decodeCertificate(response.getCertificatePem())).name())
                .isEqualTo(EU);
        assertThat(response.getSigningKeysList()).containsExactly(SIGNING_KEY);
        assertThat(response.getNotAfter().getSeconds())
                .isEqualTo(Pem.decodeCertificate(response.getCertificatePem()).getNotAfter().toInstant().getEpochSecond());
        assertThat(storedRecord(token).getUsed()).isTrue();
    }

    @Test
    void ofTwoEnrollmentsThatReadTheTokenTogetherExactlyOneWins() throws Exception {
        IssuedToken token = storedToken(EU);
        CyclicBarrier bothRead = new CyclicBarrier(2);
        LinkEnrollment enrollment = enrollment(new ReadTogetherStore(store, bothRead));

        CompletableFuture<CompletableFuture<EnrollResponse>> first =
                CompletableFuture.supplyAsync(() -> enrollment.enroll(request(token.token().value(), EU)), callers);
        CompletableFuture<CompletableFuture<EnrollResponse>> second =
                CompletableFuture.supplyAsync(() -> enrollment.enroll(request(token.token().value(), EU)), callers);
        List<CompletableFuture<EnrollResponse>> outcomes =
                List.of(first.get(20, TimeUnit.SECONDS), second.get(20, TimeUnit.SECONDS));
        CompletableFuture.allOf(outcomes.stream().map(o -> o.exceptionally(e -> null))
                .toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);

        assertThat(outcomes).filteredOn(outcome -> !outcome.isCompletedExceptionally()).hasSize(1);
        assertThat(outcomes).filteredOn(CompletableFuture::isCompletedExceptionally).singleElement()
                .satisfies(loser -> assertStatus(loser, Status.Code.UNAUTHENTICATED,
                        "token " + token.stored().getId() + ": was already used to enroll cluster eu-west-1;"
                                + " create a new token"));
    }

    @Test
    void aCsrForAnotherClusterIsInvalidAndDoesNotSpendTheToken() {
        IssuedToken token = storedToken(EU);

        CompletableFuture<EnrollResponse> refused = enrollment(store).enroll(request(token.token().value(), "us-east-1"));

        assertStatus(refused, Status.Code.INVALID_ARGUMENT,
                "CSR subject CN=us-east-1 does not match the token's cluster eu-west-1");
        assertThat(storedRecord(token).getUsed()).isFalse();
    }

    @Test
    void aWrongSecretIsRefusedWithoutQuotingIt() {
        IssuedToken token = storedToken(EU);
        String wrong = token.stored().getId() + ".zzzzzzzzzzzzzzzz";

        assertStatus(enrollment(store).enroll(request(wrong, EU)), Status.Code.UNAUTHENTICATED,
                "token " + token.stored().getId() + ": secret does not match");
        assertThat(storedRecord(token).getUsed()).isFalse();
    }

    @Test
    void aCorruptStoredTokenAndAFailingStoreGiveInternalAndUnavailable() {
        IssuedToken token = storedToken(EU);
        store.put(keys.token(token.stored().getId()), new byte[] {1, 2, 3}).join();

        assertStatus(enrollment(store).enroll(request(token.token().value(), EU)), Status.Code.INTERNAL,
                "the stored enrollment token is unreadable; create a new token");
        assertStatus(enrollment(new FailingStore(store)).enroll(request(token.token().value(), EU)),
                Status.Code.UNAVAILABLE, "the hub's store is unavailable; retry");
    }

    @Test
    void renewalIsForTheCallersOwnCluster() {
        LinkEnrollment enrollment = enrollment(store);
        ClusterIdentity caller = new ClusterIdentity(EU);

        EnrollResponse renewed = enrollment.renew(caller, RenewRequest.newBuilder().setCsrDer(csr(EU)).build()).join();

        assertThat(ClusterIdentity.fromCertificate(Pem.decodeCertificate(renewed.getCertificatePem()))).isEqualTo(caller);
        assertStatus(enrollment.renew(caller, RenewRequest.newBuilder().setCsrDer(csr("us-east-1")).build()),
                Status.Code.INVALID_ARGUMENT, "CSR subject CN=us-east-1 does not match the caller's cluster eu-west-1");
    }

    @Test
    void requiresASigningKey() {
        assertThatThrownBy(() -> new LinkEnrollment(store, keys, ca, List.of(), CertificateAuthority.DEFAULT_CLIENT_TTL,
                clock)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("signingKeys: at least one config-signing key is required");
    }

    private LinkEnrollment enrollment(Store backing) {
        return new LinkEnrollment(backing, keys, ca, List.of(SIGNING_KEY), Duration.ofHours(24), clock);
    }

    private IssuedToken storedToken(String cluster) {
        IssuedToken token = tokens.issue(cluster);
        store.put(keys.token(token.stored().getId()), token.stored().toByteArray()).join();
        return token;
    }

    private EnrollmentToken storedRecord(IssuedToken token) {
        try {
            return EnrollmentToken.parseFrom(store.get(keys.token(token.stored().getId())).join().orElseThrow().value());
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }

    private static EnrollRequest request(String token, String csrCluster) {
        return EnrollRequest.newBuilder().setToken(token).setCsrDer(csr(csrCluster)).build();
    }

    private static ByteString csr(String cluster) {
        return ByteString.copyFrom(Csrs.toDer(CsrBuilder.forCluster(cluster).build(KeyPairs.generateP256())));
    }

    private static void assertStatus(CompletableFuture<?> outcome, Status.Code code, String description) {
        assertThatThrownBy(outcome::join).isInstanceOf(CompletionException.class).cause()
                .isInstanceOfSatisfying(StatusException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(code);
                    assertThat(e.getStatus().getDescription()).isEqualTo(description);
                });
    }

    /** The first two reads return only once both have read, so both see the unused token. */
    private static final class ReadTogetherStore extends ForwardingStore {
        private final CyclicBarrier barrier;
        private final AtomicInteger reads = new AtomicInteger();

        ReadTogetherStore(Store delegate, CyclicBarrier barrier) {
            super(delegate);
            this.barrier = barrier;
        }

        @Override
        public CompletableFuture<Optional<KeyValue>> get(String key) {
            CompletableFuture<Optional<KeyValue>> read = super.get(key);
            if (reads.incrementAndGet() <= 2) {
                try {
                    barrier.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
                    return CompletableFuture.failedFuture(e);
                }
            }
            return read;
        }
    }

    /** A store that cannot be reached. */
    private static final class FailingStore extends ForwardingStore {
        FailingStore(Store delegate) {
            super(delegate);
        }

        @Override
        public CompletableFuture<Optional<KeyValue>> get(String key) {
            return CompletableFuture.failedFuture(new StoreException("connection refused"));
        }
    }
}
