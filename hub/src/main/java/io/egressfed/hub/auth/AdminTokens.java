package io.egressfed.hub.auth;

import io.egressfed.api.v1alpha1.AdminToken;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The bearer tokens of the admin API. Only a token's SHA-256 is stored; the token itself is returned
 * once, when created, and is never stored or logged.
 *
 * <p>Tokens look like {@code efa_} followed by 32 base32 characters (160 random bits).
 */
public interface AdminTokens {

    /** The name of the token {@link #ensureInitialAdmin()} creates. */
    String INITIAL_ADMIN = "admin";

    /**
     * Creates a token.
     *
     * @param name the token's name, a DNS label; it appears in audit records as {@code token:<name>}
     * @param role what the token may do
     * @return the token, to hand over once; fails with {@link IllegalArgumentException} for a bad name
     *     and with {@link io.egressfed.hub.state.AlreadyExistsException} when the name is taken
     */
    CompletableFuture<IssuedAdminToken> create(String name, Role role);

    /**
     * Creates the first admin token when no token exists at all, so that a fresh hub can be
     * administered. Safe to call from several replicas at once: at most one creates it.
     *
     * @return the new token, to print once; empty when tokens already existed
     */
    CompletableFuture<Optional<IssuedAdminToken>> ensureInitialAdmin();

    /**
     * Like {@link #ensureInitialAdmin()}, but with a secret chosen by the installer (e.g. generated into
     * a Kubernetes Secret), so that nothing needs to be printed: when no token exists at all, the hash
     * of {@code secret} is stored as the token {@value #INITIAL_ADMIN}. Safe to call from several
     * replicas at once.
     *
     * @param secret the token, shaped like every admin token ({@code efa_} and 32 base32 characters)
     * @return true when this call stored it, false when tokens already existed; fails with
     *     {@link IllegalArgumentException} when the secret is not shaped like a token
     */
    CompletableFuture<Boolean> ensureInitialAdmin(String secret);

    /**
     * Tells who presents a token, comparing hashes in constant time.
     *
     * @param presented the bearer token as sent; may be null or empty
     * @return the caller; fails with {@link UnauthenticatedException} when the token is missing or unknown
     */
    CompletableFuture<Caller> authenticate(String presented);

    /**
     * Lists the stored tokens (names, roles, hashes).
     *
     * @return the tokens in name order
     */
    CompletableFuture<List<AdminToken>> list();

    /**
     * Deletes a token; calls presenting it fail from then on.
     *
     * @param name the token's name
     * @return true when a token of that name existed
     */
    CompletableFuture<Boolean> revoke(String name);
}
