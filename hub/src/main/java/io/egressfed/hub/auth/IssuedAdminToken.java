package io.egressfed.hub.auth;

import java.util.Objects;

/**
 * A freshly created admin token. {@link #toString()} never shows the secret.
 *
 * @param name the token's name
 * @param role its role
 * @param secret the token to present as {@code Authorization: Bearer <secret>}; show it once, never log it
 */
public record IssuedAdminToken(String name, Role role, String secret) {

    /** Requires every component. */
    public IssuedAdminToken {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(secret, "secret");
    }

    @Override
    public String toString() {
        return "IssuedAdminToken[name=" + name + ", role=" + role.wireName() + ", secret=<redacted>]";
    }
}
