package io.egressfed.hub.auth;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** The role of an admin API token: what its holder may do. */
public enum Role {
    /** Everything. */
    ADMIN(EnumSet.allOf(Permission.class)),
    /** Day-to-day operations: read everything, write intents, fail over. */
    OPERATOR(EnumSet.of(Permission.READ, Permission.WRITE_INTENTS, Permission.FAILOVER)),
    /** Read only. */
    VIEWER(EnumSet.of(Permission.READ));

    private final Set<Permission> permissions;

    Role(Set<Permission> permissions) {
        this.permissions = permissions;
    }

    /**
     * Tells whether this role allows an action.
     *
     * @param permission what the call needs
     * @return true when allowed
     */
    public boolean permits(Permission permission) {
        return permissions.contains(permission);
    }

    /**
     * The role as stored and shown, e.g. {@code operator}.
     *
     * @return the lower-case name
     */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Reads a role from its {@link #wireName()}.
     *
     * @param text e.g. {@code viewer}
     * @return the role
     * @throws IllegalArgumentException naming the allowed values when the text is none of them
     */
    public static Role parse(String text) {
        for (Role role : values()) {
            if (role.wireName().equals(text)) {
                return role;
            }
        }
        throw new IllegalArgumentException("role: unknown value \"" + text + "\"; allowed: "
                + Arrays.stream(values()).map(Role::wireName).collect(Collectors.joining(", ")));
    }
}
