package io.egressfed.api.pki;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * A kubeadm-like enrollment token {@code [a-z0-9]{6}.[a-z0-9]{16}}: a public id (the store key) and a
 * secret. The hub stores only {@link #sha256Hex()}; the whole token is shown once, to the operator.
 *
 * <p>{@link #toString()} shows the id only. Parse errors give positions and lengths, never characters
 * of the secret.
 *
 * @param id the first 6 characters, not secret
 * @param secret the last 16 characters
 */
public record BootstrapToken(String id, String secret) {

    /** Length of the id part. */
    public static final int ID_LENGTH = 6;
    /** Length of the secret part. */
    public static final int SECRET_LENGTH = 16;
    /** The format, for messages. */
    public static final String FORMAT = "[a-z0-9]{6}.[a-z0-9]{16}";

    /**
     * Validates both parts.
     *
     * @throws IllegalArgumentException naming the part and the reason
     */
    public BootstrapToken {
        requirePart("id", id, ID_LENGTH);
        requirePart("secret", secret, SECRET_LENGTH);
    }

    /**
     * Parses a token as presented by an agent or typed by an operator.
     *
     * @param token the text
     * @return the token
     * @throws IllegalArgumentException with a precise reason when the text is not {@value #FORMAT}
     */
    public static BootstrapToken parse(String token) {
        if (token == null || token.isEmpty()) {
            throw new IllegalArgumentException("token: is empty; expected " + FORMAT);
        }
        int dot = token.indexOf('.');
        if (dot < 0) {
            throw new IllegalArgumentException("token: has no '.' between id and secret; expected " + FORMAT);
        }
        if (token.indexOf('.', dot + 1) >= 0) {
            throw new IllegalArgumentException("token: has more than one '.'; expected " + FORMAT);
        }
        return new BootstrapToken(token.substring(0, dot), token.substring(dot + 1));
    }

    /**
     * Returns the whole token, to hand to the operator once. Treat it as a secret.
     *
     * @return {@code id + "." + secret}
     */
    public String value() {
        return id + "." + secret;
    }

    /**
     * Returns what the hub stores instead of the token.
     *
     * @return lower-case hex SHA-256 of {@link #value()} (UTF-8)
     */
    public String sha256Hex() {
        return HexFormat.of().formatHex(Fingerprints.sha256(value().getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public String toString() {
        return "BootstrapToken[id=" + id + ", secret=<redacted>]";
    }

    private static void requirePart(String part, String value, int length) {
        if (value == null || value.length() != length) {
            throw new IllegalArgumentException("token: the " + part + " part has "
                    + (value == null ? 0 : value.length()) + " characters, expected " + length
                    + " (" + FORMAT + ")");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
                throw new IllegalArgumentException("token: character " + (i + 1) + " of the " + part
                        + " part is not in [a-z0-9]");
            }
        }
    }
}
