package io.egressfed.hub.pki;

import java.util.Objects;
import java.util.Optional;

/**
 * The verdict on a presented enrollment token.
 *
 * @param reason {@link Reason#OK} or why the token is refused
 * @param message a precise explanation, safe to log and to return to the agent (it never quotes the
 *     secret)
 * @param cluster the cluster the token enrolls, present only when {@link #isOk()}
 */
public record TokenCheck(Reason reason, String message, Optional<String> cluster) {

    /** Outcome of a check, from the most basic failure to the most specific. */
    public enum Reason {
        /** The token is valid: issue a certificate for {@link TokenCheck#cluster()} and mark it used. */
        OK,
        /** No token with this id is stored. */
        UNKNOWN,
        /** The text is not {@code [a-z0-9]{6}.[a-z0-9]{16}}. */
        MALFORMED,
        /** The id exists but the secret is wrong. */
        MISMATCH,
        /** The token has expired. */
        EXPIRED,
        /** The token has already enrolled a cluster. */
        ALREADY_USED
    }

    /**
     * Checks consistency: a cluster exactly when the reason is OK.
     *
     * @throws IllegalArgumentException otherwise
     */
    public TokenCheck {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(cluster, "cluster");
        if ((reason == Reason.OK) != cluster.isPresent()) {
            throw new IllegalArgumentException("cluster: must be present exactly when the reason is OK");
        }
    }

    static TokenCheck ok(String cluster, String id) {
        return new TokenCheck(Reason.OK, "token " + id + " enrolls cluster " + cluster, Optional.of(cluster));
    }

    static TokenCheck refused(Reason reason, String message) {
        return new TokenCheck(reason, message, Optional.empty());
    }

    /**
     * Tells whether the token may be used.
     *
     * @return true when the reason is {@link Reason#OK}
     */
    public boolean isOk() {
        return reason == Reason.OK;
    }
}
