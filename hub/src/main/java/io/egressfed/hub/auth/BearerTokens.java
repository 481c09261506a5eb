package io.egressfed.hub.auth;

import java.util.Locale;
import java.util.Optional;

/** Reads the token out of an {@code Authorization} header (HTTP) or metadata entry (gRPC). */
public final class BearerTokens {

    private static final String SCHEME = "bearer ";

    private BearerTokens() {
    }

    /**
     * Extracts the token of a {@code Bearer} authorization value.
     *
     * @param authorization the header value; may be null
     * @return the token, or empty when the value is missing, of another scheme, or has no token
     */
    public static Optional<String> fromAuthorization(String authorization) {
        if (authorization == null || authorization.length() <= SCHEME.length()
                || !authorization.substring(0, SCHEME.length()).toLowerCase(Locale.ROOT).equals(SCHEME)) {
            return Optional.empty();
        }
        String token = authorization.substring(SCHEME.length()).trim();
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }
}
