package io.egressfed.hub.link;

import com.google.protobuf.Timestamp;
import io.egressfed.api.pki.ClusterIdentity;
import io.egressfed.api.pki.Pem;
import io.egressfed.api.v1alpha1.EnrollRequest;
import io.egressfed.api.v1alpha1.EnrollResponse;
import io.egressfed.api.v1alpha1.EnrollmentToken;
import io.egressfed.api.v1alpha1.RenewRequest;
import io.egressfed.api.v1alpha1.SigningKey;
import io.egressfed.hub.pki.CertificateAuthority;
import io.egressfed.hub.pki.CsrRejectedException;
import io.egressfed.hub.pki.EnrollmentTokens;
import io.egressfed.hub.pki.TokenCheck;
import io.egressfed.hub.store.Codec;
import io.egressfed.hub.store.Compare;
import io.egressfed.hub.store.CorruptValueException;
import io.egressfed.hub.store.KeyValue;
import io.egressfed.hub.store.Keys;
import io.egressfed.hub.store.Store;
import io.egressfed.hub.store.Txn;
import io.egressfed.hub.store.TxnResult;
import io.grpc.Status;
import io.grpc.StatusException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The certificate side of the spoke link: {@code Enroll} (bootstrap token + CSR) and {@code Renew}
 * (mTLS caller + CSR).
 *
 * <p>Refusals, as gRPC statuses whose description never quotes the token's secret:
 * <ul>
 *   <li>a token that is malformed, unknown, wrong, already used or expired: {@code UNAUTHENTICATED} —
 *       the caller has not proven who it is;</li>
 *   <li>a CSR that does not parse, lacks proof of possession, has another key type or names another
 *       cluster than the token's (or the caller's, on renewal): {@code INVALID_ARGUMENT} with the CA's
 *       precise message; the token stays unused, so the operator can retry with a correct CSR;</li>
 *   <li>the store failing: {@code UNAVAILABLE}.</li>
 * </ul>
 *
 * <p>A token is marked used in one transaction guarded by its mod revision, so of two enrollments
 * presenting the same token at the same time exactly one gets a certificate.
 */
public final class LinkEnrollment {

    private static final Logger log = LoggerFactory.getLogger(LinkEnrollment.class);
    private static final Codec<EnrollmentToken> TOKENS = Codec.of(EnrollmentToken.getDefaultInstance());

    private final Store store;
    private final Keys keys;
    private final CertificateAuthority ca;
    private final List<SigningKey> signingKeys;
    private final Duration clientCertificateTtl;
    private final Clock clock;

    /**
     * Creates the enrollment handler.
     *
     * @param store where tokens are stored ({@code tokens/<id>})
     * @param keys the key layout
     * @param ca issues the client certificates
     * @param signingKeys the hub's config-signing public keys, old and new side by side during rotation;
     *     returned to every enrolled agent
     * @param clientCertificateTtl validity of issued certificates, e.g.
     *     {@link CertificateAuthority#DEFAULT_CLIENT_TTL}
     * @param clock the time tokens are checked against
     */
    public LinkEnrollment(Store store, Keys keys, CertificateAuthority ca, List<SigningKey> signingKeys,
            Duration clientCertificateTtl, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.ca = Objects.requireNonNull(ca, "ca");
        this.signingKeys = List.copyOf(signingKeys);
        this.clientCertificateTtl = Objects.requireNonNull(clientCertificateTtl, "clientCertificateTtl");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (this.signingKeys.isEmpty()) {
            throw new IllegalArgumentException("signingKeys: at least one config-signing key is required");
        }
    }

    /**
     * Exchanges a bootstrap token and a CSR for a client certificate of the token's cluster.
     *
     * @param request the agent's request
     * @return the certificate, the CA and the signing keys; fails with a {@link StatusException} as
     *     described on the class
     */
    public CompletableFuture<EnrollResponse> enroll(EnrollRequest request) {
        String presented = request.getToken();
        Optional<String> id = EnrollmentTokens.idOf(presented);
        if (id.isEmpty()) {
            return refused(EnrollmentTokens.check((EnrollmentToken) null, presented, clock.instant()));
        }
        String key = keys.token(id.get());
        return store.get(key)
                .thenCompose(stored -> enrollWith(key, stored, request))
                .exceptionallyCompose(LinkEnrollment::asStatus);
    }

    /**
     * Issues a fresh certificate to an already authenticated agent, for its own cluster only.
     *
     * @param caller the identity of the caller's verified client certificate
     * @param request the CSR (usually for a new key pair)
     * @return the certificate, the CA and the signing keys; fails with {@code INVALID_ARGUMENT} when the
     *     CSR does not qualify, naming the reason
     */
    public CompletableFuture<EnrollResponse> renew(ClusterIdentity caller, RenewRequest request) {
        Objects.requireNonNull(caller, "caller");
        X509Certificate certificate;
        try {
            certificate = ca.renewClientCertificate(request.getCsrDer().toByteArray(), caller, clientCertificateTtl);
        } catch (CsrRejectedException e) {
            log.warn("renewal of cluster {} refused: {}", caller.name(), e.getMessage());
            return CompletableFuture.failedFuture(invalidCsr(e));
        }
        log.info("renewed the client certificate of cluster {} until {}", caller.name(),
                certificate.getNotAfter().toInstant());
        return CompletableFuture.completedFuture(response(certificate));
    }

    private CompletableFuture<EnrollResponse> enrollWith(String key, Optional<KeyValue> stored,
            EnrollRequest request) {
        EnrollmentToken token = stored.map(kv -> TOKENS.decode(kv.key(), kv.value())).orElse(null);
        TokenCheck check = EnrollmentTokens.check(token, request.getToken(), clock.instant());
        if (!check.isOk()) {
            return refused(check);
        }
        String cluster = check.cluster().orElseThrow();
        X509Certificate certificate;
        try {
            // Issued before the token is spent, so that a bad CSR leaves the token usable; a certificate
            // whose token then turns out to be spent is simply never handed out.
            certificate = ca.issueClientCertificate(request.getCsrDer().toByteArray(), cluster, clientCertificateTtl);
        } catch (CsrRejectedException e) {
            log.warn("enrollment of cluster {} refused: {}", cluster, e.getMessage());
            return CompletableFuture.failedFuture(invalidCsr(e));
        }
        Txn spend = Txn.when(Compare.modRevision(key, stored.get().modRevision()))
                .then(TOKENS.put(key, EnrollmentTokens.markUsed(token)))
                .build();
        return store.commit(spend).thenCompose(result -> afterSpend(result, key, request, cluster, certificate));
    }

    private CompletableFuture<EnrollResponse> afterSpend(TxnResult result, String key, EnrollRequest request,
            String cluster, X509Certificate certificate) {
        if (result.succeeded()) {
            log.info("enrolled cluster {} with token {}; certificate valid until {}", cluster,
                    EnrollmentTokens.idOf(request.getToken()).orElseThrow(), certificate.getNotAfter().toInstant());
            return CompletableFuture.completedFuture(response(certificate));
        }
        // Someone changed the token in between, most likely a concurrent enrollment that spent it:
        // check again so that the caller learns the actual reason.
        return store.get(key).thenCompose(now -> {
            EnrollmentToken token = now.map(kv -> TOKENS.decode(kv.key(), kv.value())).orElse(null);
            TokenCheck check = EnrollmentTokens.check(token, request.getToken(), clock.instant());
            if (!check.isOk()) {
                return refused(check);
            }
            return CompletableFuture.failedFuture(new StatusException(Status.ABORTED.withDescription(
                    "token " + EnrollmentTokens.idOf(request.getToken()).orElseThrow()
                            + ": changed while enrolling; retry")));
        });
    }

    /**
     * The hub's config-signing public keys, as announced to agents.
     *
     * @return the keys, current first
     */
    public List<SigningKey> signingKeys() {
        return signingKeys;
    }

    private EnrollResponse response(X509Certificate certificate) {
        Instant notAfter = certificate.getNotAfter().toInstant();
        return EnrollResponse.newBuilder()
                .setCertificatePem(Pem.encodeCertificate(certificate))
                .setCaPem(Pem.encodeCertificate(ca.certificate()))
                .addAllSigningKeys(signingKeys)
                .setNotAfter(Timestamp.newBuilder().setSeconds(notAfter.getEpochSecond()).setNanos(notAfter.getNano()))
                .build();
    }

    private static <T> CompletableFuture<T> refused(TokenCheck check) {
        log.warn("enrollment refused: {}", check.message());
        return CompletableFuture.failedFuture(
                new StatusException(Status.UNAUTHENTICATED.withDescription(check.message())));
    }

    private static StatusException invalidCsr(CsrRejectedException e) {
        return new StatusException(Status.INVALID_ARGUMENT.withDescription(e.getMessage()));
    }

    private static <T> CompletableFuture<T> asStatus(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof StatusException) {
            return CompletableFuture.failedFuture(cause);
        }
        if (cause instanceof CorruptValueException) {
            log.error("enrollment failed: {}", cause.getMessage());
            return CompletableFuture.failedFuture(new StatusException(Status.INTERNAL.withDescription(
                    "the stored enrollment token is unreadable; create a new token")));
        }
        log.error("enrollment failed: the store did not answer", cause);
        return CompletableFuture.failedFuture(new StatusException(Status.UNAVAILABLE.withDescription(
                "the hub's store is unavailable; retry")));
    }
}
