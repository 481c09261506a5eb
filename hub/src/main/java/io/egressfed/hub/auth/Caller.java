package io.egressfed.hub.auth;

import java.util.Objects;

/**
 * Who makes an admin API call, as proven by a bearer token.
 *
 * @param tokenName the name of the token presented
 * @param role the token's role
 */
public record Caller(String tokenName, Role role) {

    /** Requires both components. */
    public Caller {
        Objects.requireNonNull(tokenName, "tokenName");
        Objects.requireNonNull(role, "role");
    }

    /**
     * The actor written into audit records, e.g. {@code token:ops}.
     *
     * @return the actor
     */
    public String actor() {
        return "token:" + tokenName;
    }

    /**
     * Refuses the call unless the role allows the action.
     *
     * @param permission what the call needs
     * @param what the action in words, for the refusal, e.g. {@code write EgressIPPool}
     * @throws PermissionDeniedException when the role does not allow it
     */
    public void require(Permission permission, String what) {
        if (!role.permits(permission)) {
            throw new PermissionDeniedException("token \"" + tokenName + "\" (role " + role.wireName()
                    + ") may not " + what);
        }
    }
}
