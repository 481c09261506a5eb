package io.egressfed.hub.api;

import io.egressfed.api.v1alpha1.AdminToken;
import io.egressfed.api.v1alpha1.AdminTokenInfo;
import io.egressfed.api.v1alpha1.AdminTokenList;
import io.egressfed.api.v1alpha1.CreateAdminTokenRequest;
import io.egressfed.api.v1alpha1.CreateAdminTokenResponse;
import io.egressfed.api.v1alpha1.DeleteResponse;
import io.egressfed.hub.auth.AdminTokens;
import io.egressfed.hub.auth.Caller;
import io.egressfed.hub.auth.Permission;
import io.egressfed.hub.auth.Role;
import io.egressfed.hub.state.NotFoundException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admin API token management for the REST routes and the gRPC service: create (the secret is
 * returned once), list (names, roles, creation times — never a secret or its hash) and revoke.
 * Only the {@code admin} role may call these.
 */
public final class TokenOperations {

    private static final Logger LOG = LoggerFactory.getLogger(TokenOperations.class);
    private static final String KIND = "AdminToken";

    private final AdminTokens tokens;

    /**
     * Creates the token operations.
     *
     * @param tokens the token store
     */
    public TokenOperations(AdminTokens tokens) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
    }

    /**
     * Creates a token.
     *
     * @param caller who asks (must be an admin)
     * @param request the new token's name and role
     * @return the token, shown once; fails with 400 naming {@code name} or {@code role}, 409 when the
     *     name is taken
     */
    public CompletableFuture<CreateAdminTokenResponse> create(Caller caller, CreateAdminTokenRequest request) {
        return guarded(() -> {
            caller.require(Permission.MANAGE_TOKENS, "manage admin tokens");
            if (request.getName().isEmpty()) {
                throw ApiException.invalid("name", "required");
            }
            if (request.getRole().isEmpty()) {
                throw ApiException.invalid("role", "required; one of admin, operator, viewer");
            }
            Role role;
            try {
                role = Role.parse(request.getRole());
            } catch (IllegalArgumentException unknown) {
                throw ApiException.invalid("role", unknown.getMessage().replaceFirst("^role: ", ""));
            }
            return tokens.create(request.getName(), role)
                    .exceptionally(failure -> {
                        Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                        if (cause instanceof IllegalArgumentException badName) {
                            throw ApiException.invalid("name", badName.getMessage().replaceFirst("^name: ", ""));
                        }
                        throw failure instanceof RuntimeException runtime ? runtime : new IllegalStateException(failure);
                    })
                    .thenApply(issued -> {
                        LOG.info("{} created admin token \"{}\" (role {})", caller.actor(), issued.name(),
                                issued.role().wireName());
                        return CreateAdminTokenResponse.newBuilder()
                                .setName(issued.name())
                                .setRole(issued.role().wireName())
                                .setToken(issued.secret())
                                .build();
                    });
        });
    }

    /**
     * Lists the tokens.
     *
     * @param caller who asks (must be an admin)
     * @return names, roles and creation times in name order
     */
    public CompletableFuture<AdminTokenList> list(Caller caller) {
        return guarded(() -> {
            caller.require(Permission.MANAGE_TOKENS, "manage admin tokens");
            return tokens.list().thenApply(stored -> AdminTokenList.newBuilder()
                    .addAllItems(stored.stream().map(TokenOperations::info).toList())
                    .build());
        });
    }

    /**
     * Revokes a token. The last admin token cannot be revoked: the hub could no longer be
     * administered.
     *
     * @param caller who asks (must be an admin)
     * @param name the token's name
     * @return the revoked name; fails with 404 for an unknown name and 409 for the last admin token
     */
    public CompletableFuture<DeleteResponse> revoke(Caller caller, String name) {
        return guarded(() -> {
            caller.require(Permission.MANAGE_TOKENS, "manage admin tokens");
            if (name.isEmpty()) {
                throw ApiException.invalid("name", "required");
            }
            return tokens.list().thenCompose(stored -> {
                AdminToken target = stored.stream().filter(token -> token.getName().equals(name)).findFirst()
                        .orElseThrow(() -> new NotFoundException(KIND, name));
                long admins = stored.stream().filter(token -> token.getRole().equals(Role.ADMIN.wireName())).count();
                if (target.getRole().equals(Role.ADMIN.wireName()) && admins == 1) {
                    throw new ApiException(ErrorCode.CONFLICT, "token \"" + name
                            + "\" is the last admin token; create another admin token before revoking it", List.of());
                }
                return tokens.revoke(name);
            }).thenApply(existed -> {
                if (!existed) {
                    throw new NotFoundException(KIND, name);
                }
                LOG.info("{} revoked admin token \"{}\"", caller.actor(), name);
                return DeleteResponse.newBuilder().setName(name).build();
            });
        });
    }

    private static AdminTokenInfo info(AdminToken token) {
        return AdminTokenInfo.newBuilder()
                .setName(token.getName())
                .setRole(token.getRole())
                .setCreatedAt(token.getCreatedAt())
                .build();
    }

    private static <T> CompletableFuture<T> guarded(java.util.function.Supplier<CompletableFuture<T>> work) {
        try {
            return work.get();
        } catch (RuntimeException refused) {
            return CompletableFuture.failedFuture(refused);
        }
    }
}
