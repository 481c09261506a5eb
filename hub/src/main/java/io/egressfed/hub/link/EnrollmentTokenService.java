package io.egressfed.hub.link;

import io.egressfed.api.v1alpha1.EnrollmentToken;
import io.egressfed.hub.pki.EnrollmentTokens;
import io.egressfed.hub.pki.IssuedToken;
import io.egressfed.hub.store.Codec;
import io.egressfed.hub.store.Compare;
import io.egressfed.hub.store.Keys;
import io.egressfed.hub.store.Store;
import io.egressfed.hub.store.Txn;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates enrollment tokens and stores them (only their hash) under {@code tokens/<id>}, for the admin
 * API's {@code egressctl cluster enroll}. The token itself is returned once and never stored or logged.
 */
public final class EnrollmentTokenService {

    private static final Logger log = LoggerFactory.getLogger(EnrollmentTokenService.class);
    private static final Codec<EnrollmentToken> TOKENS = Codec.of(EnrollmentToken.getDefaultInstance());
    /** A clash of random 6-character ids is rare; a few fresh draws settle it. */
    private static final int MAX_ATTEMPTS = 5;

    private final Store store;
    private final Keys keys;
    private final EnrollmentTokens tokens;

    /**
     * Creates the service.
     *
     * @param store where tokens are stored
     * @param keys the key layout
     * @param tokens generates the tokens
     */
    public EnrollmentTokenService(Store store, Keys keys, EnrollmentTokens tokens) {
        this.store = Objects.requireNonNull(store, "store");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
    }

    /**
     * Creates a single-use token for a cluster, valid for {@link EnrollmentTokens#DEFAULT_TTL}.
     *
     * @param cluster the cluster the token enrolls
     * @return the token, to show the operator once
     */
    public CompletableFuture<IssuedToken> create(String cluster) {
        return create(cluster, EnrollmentTokens.DEFAULT_TTL);
    }

    /**
     * Creates a single-use token for a cluster and stores its hash, never overwriting another token.
     *
     * @param cluster the cluster the token enrolls
     * @param ttl how long the token stays valid
     * @return the token, to show the operator once; fails with {@link IllegalArgumentException} when the
     *     cluster name is not a DNS label or the ttl is not positive (nothing is stored)
     */
    public CompletableFuture<IssuedToken> create(String cluster, Duration ttl) {
        IssuedToken first;
        try {
            first = tokens.issue(cluster, ttl);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        return store(first, cluster, ttl, 1);
    }

    private CompletableFuture<IssuedToken> store(IssuedToken token, String cluster, Duration ttl, int attempt) {
        String key = keys.token(token.stored().getId());
        Txn createIfAbsent = Txn.when(Compare.absent(key)).then(TOKENS.put(key, token.stored())).build();
        return store.commit(createIfAbsent).thenCompose(result -> {
            if (result.succeeded()) {
                log.info("created enrollment token {} for cluster {}, valid for {}", token.stored().getId(), cluster,
                        ttl);
                return CompletableFuture.completedFuture(token);
            }
            if (attempt >= MAX_ATTEMPTS) {
                return CompletableFuture.failedFuture(new IllegalStateException("could not find a free token id in "
                        + MAX_ATTEMPTS + " attempts"));
            }
            return store(tokens.issue(cluster, ttl), cluster, ttl, attempt + 1);
        });
    }
}
