package io.egressfed.hub.auth;

import com.google.protobuf.Timestamp;
import io.egressfed.api.v1alpha1.AdminToken;
import io.egressfed.hub.net.K8sNames;
import io.egressfed.hub.state.AlreadyExistsException;
import io.egressfed.hub.store.Codec;
import io.egressfed.hub.store.Compare;
import io.egressfed.hub.store.Keys;
import io.egressfed.hub.store.Op;
import io.egressfed.hub.store.Store;
import io.egressfed.hub.store.Txn;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link AdminTokens} stored under {@link Keys#adminTokens()}. Thread-safe. */
public final class StoreAdminTokens implements AdminTokens {

    private static final Logger LOG = LoggerFactory.getLogger(StoreAdminTokens.class);
    private static final Codec<AdminToken> TOKENS = Codec.of(AdminToken.getDefaultInstance());
    private static final String KIND = "AdminToken";

    private final Store store;
    private final Keys keys;
    private final SecureRandom random;
    private final Clock clock;

    /**
     * Creates the token store.
     *
     * @param store where token hashes are kept
     * @param keys the key layout
     * @param random the source of token secrets
     * @param clock stamps creation times
     */
    public StoreAdminTokens(Store store, Keys keys, SecureRandom random, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.random = Objects.requireNonNull(random, "random");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public CompletableFuture<IssuedAdminToken> create(String name, Role role) {
        Objects.requireNonNull(role, "role");
        Optional<String> problem = K8sNames.dnsLabelProblem(Objects.requireNonNull(name, "name"));
        if (problem.isPresent()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("name: " + problem.get()));
        }
        String secret = TokenSecrets.generate(random);
        return storeIfAbsent(name, role, secret).thenApply(stored -> new IssuedAdminToken(name, role, secret));
    }

    @Override
    public CompletableFuture<Optional<IssuedAdminToken>> ensureInitialAdmin() {
        return list().thenCompose(existing -> {
            if (!existing.isEmpty()) {
                return CompletableFuture.completedFuture(Optional.<IssuedAdminToken>empty());
            }
            return create(INITIAL_ADMIN, Role.ADMIN)
                    .thenApply(Optional::of)
                    .exceptionally(failure -> {
                        if (unwrap(failure) instanceof AlreadyExistsException) {
                            // Another replica created it first; it printed the token.
                            return Optional.empty();
                        }
                        throw new IllegalStateException("could not create the initial admin token", unwrap(failure));
                    });
        });
    }

    @Override
    public CompletableFuture<Boolean> ensureInitialAdmin(String secret) {
        Optional<String> problem = TokenSecrets.shapeProblem(Objects.requireNonNull(secret, "secret"));
        if (problem.isPresent()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("secret: " + problem.get()));
        }
        return list().thenCompose(existing -> {
            if (!existing.isEmpty()) {
                return CompletableFuture.completedFuture(false);
            }
            return storeIfAbsent(INITIAL_ADMIN, Role.ADMIN, secret)
                    .thenApply(stored -> true)
                    .exceptionally(failure -> {
                        if (unwrap(failure) instanceof AlreadyExistsException) {
                            // Another replica stored it first, from the same file.
                            return false;
                        }
                        throw new IllegalStateException("could not store the initial admin token", unwrap(failure));
                    });
        });
    }

    /** Stores only the secret's hash; fails with {@link AlreadyExistsException} when the name is taken. */
    private CompletableFuture<AdminToken> storeIfAbsent(String name, Role role, String secret) {
        Instant now = clock.instant();
        AdminToken stored = AdminToken.newBuilder()
                .setName(name)
                .setRole(role.wireName())
                .setSecretSha256(TokenSecrets.sha256Hex(secret))
                .setCreatedAt(Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()))
                .build();
        String key = keys.adminToken(name);
        Txn createIfAbsent = Txn.when(Compare.absent(key)).then(TOKENS.put(key, stored)).build();
        return store.commit(createIfAbsent).thenApply(result -> {
            if (!result.succeeded()) {
                throw new AlreadyExistsException(KIND, name);
            }
            LOG.info("created admin token \"{}\" with role {}", name, role.wireName());
            return stored;
        });
    }

    @Override
    public CompletableFuture<Caller> authenticate(String presented) {
        if (presented == null || presented.isEmpty()) {
            return CompletableFuture.failedFuture(new UnauthenticatedException(
                    "a bearer token is required (Authorization: Bearer <token>)"));
        }
        String digest = TokenSecrets.sha256Hex(presented);
        return list().thenApply(tokens -> {
            AdminToken match = null;
            // Every stored hash is compared, so the time taken does not tell which token came close.
            for (AdminToken token : tokens) {
                if (TokenSecrets.sameDigest(token.getSecretSha256(), digest)) {
                    match = token;
                }
            }
            if (match == null) {
                throw new UnauthenticatedException("the bearer token is not known to this hub (revoked or mistyped)");
            }
            return new Caller(match.getName(), Role.parse(match.getRole()));
        });
    }

    @Override
    public CompletableFuture<List<AdminToken>> list() {
        String prefix = keys.adminTokens();
        return store.list(prefix).thenApply(listing -> listing.items().stream()
                .filter(kv -> kv.key().indexOf('/', prefix.length()) < 0)
                .map(kv -> TOKENS.decode(kv).value())
                .toList());
    }

    @Override
    public CompletableFuture<Boolean> revoke(String name) {
        String key = keys.adminToken(Objects.requireNonNull(name, "name"));
        Txn deleteIfPresent = Txn.when(Compare.present(key)).then(Op.delete(key)).build();
        return store.commit(deleteIfPresent).thenApply(result -> {
            if (result.succeeded()) {
                LOG.info("revoked admin token \"{}\"", name);
            }
            return result.succeeded();
        });
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
