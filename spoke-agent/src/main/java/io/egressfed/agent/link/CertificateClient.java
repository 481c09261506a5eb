package io.egressfed.agent.link;

import com.google.protobuf.ByteString;
import io.egressfed.api.envelope.Ed25519PublicKey;
import io.egressfed.api.envelope.KeyId;
import io.egressfed.api.pki.BootstrapToken;
import io.egressfed.api.pki.CsrBuilder;
import io.egressfed.api.pki.Csrs;
import io.egressfed.api.pki.EnrolledCredentials;
import io.egressfed.api.pki.KeyPairs;
import io.egressfed.api.v1alpha1.EnrollRequest;
import io.egressfed.api.v1alpha1.EnrollResponse;
import io.egressfed.api.v1alpha1.RenewRequest;
import io.egressfed.api.v1alpha1.SigningKey;
import io.egressfed.api.v1alpha1.SpokeLinkGrpc;
import io.grpc.Channel;
import io.grpc.stub.StreamObserver;
import java.security.KeyPair;
import java.security.cert.CertificateException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Obtains client certificates from the hub: {@code Enroll} with a bootstrap token, {@code Renew} over
 * the mTLS link. A fresh P-256 key pair is generated locally for every request; the private key never
 * leaves the agent. Every answer is verified against the CA pin, the key and the cluster name before
 * it is used.
 */
final class CertificateClient {

    private static final Logger log = LoggerFactory.getLogger(CertificateClient.class);
    private static final long DEADLINE_SECONDS = 30;

    private final HubLinkSettings settings;

    CertificateClient(HubLinkSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * Enrolls this cluster.
     *
     * @param channel a channel without client certificate (see {@link LinkChannels#enrollment()})
     * @param token the bootstrap token
     * @return the verified credentials; fails with the hub's {@code StatusRuntimeException} or a
     *     {@link CertificateException} when the answer does not check out
     */
    CompletableFuture<EnrolledCredentials> enroll(Channel channel, BootstrapToken token) {
        KeyPair keys = KeyPairs.generateP256();
        EnrollRequest request = EnrollRequest.newBuilder()
                .setToken(token.value())
                .setCsrDer(csr(keys))
                .build();
        return this.<EnrollResponse>call(responses -> stub(channel).enroll(request, responses))
                .thenApply(response -> verified(response, keys));
    }

    /**
     * Renews this cluster's certificate for a new key pair.
     *
     * @param channel the mTLS link channel
     * @return the verified credentials; fails like {@link #enroll}
     */
    CompletableFuture<EnrolledCredentials> renew(Channel channel) {
        KeyPair keys = KeyPairs.generateP256();
        RenewRequest request = RenewRequest.newBuilder().setCsrDer(csr(keys)).build();
        return this.<EnrollResponse>call(responses -> stub(channel).renew(request, responses))
                .thenApply(response -> verified(response, keys));
    }

    private EnrolledCredentials verified(EnrollResponse response, KeyPair keys) {
        EnrolledCredentials credentials;
        try {
            credentials = EnrolledCredentials.fromResponse(response, keys.getPrivate(), settings.cluster(),
                    settings.caPin());
        } catch (CertificateException e) {
            throw new CompletionException(e);
        }
        warnAboutUnpinnedKeys(response);
        return credentials;
    }

    /** The pinned keys decide what is trusted; announced keys only tell the operator about a rotation. */
    private void warnAboutUnpinnedKeys(EnrollResponse response) {
        Set<String> pinned = settings.trustedKeys().stream().map(Ed25519PublicKey::keyId).map(KeyId::hex)
                .collect(Collectors.toSet());
        for (SigningKey announced : response.getSigningKeysList()) {
            if (!pinned.contains(announced.getKeyId())) {
                log.warn("the hub signs configs with key {}, which is not pinned on this agent; configs signed"
                        + " with it will be refused until it is pinned", announced.getKeyId());
            }
        }
    }

    private ByteString csr(KeyPair keys) {
        return ByteString.copyFrom(Csrs.toDer(CsrBuilder.forCluster(settings.cluster()).build(keys)));
    }

    private static SpokeLinkGrpc.SpokeLinkStub stub(Channel channel) {
        return SpokeLinkGrpc.newStub(channel).withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS);
    }

    private <T> CompletableFuture<T> call(Consumer<StreamObserver<T>> invocation) {
        CompletableFuture<T> result = new CompletableFuture<>();
        invocation.accept(new StreamObserver<>() {
            @Override
            public void onNext(T value) {
                result.complete(value);
            }

            @Override
            public void onError(Throwable error) {
                result.completeExceptionally(error);
            }

            @Override
            public void onCompleted() {
                result.completeExceptionally(new IllegalStateException("the hub answered nothing"));
            }
        });
        return result;
    }
}
