package io.egressfed.hub.pki;

import com.google.protobuf.Timestamp;
import io.egressfed.api.pki.BootstrapToken;
import io.egressfed.api.pki.ClusterIdentity;
import io.egressfed.api.v1alpha1.EnrollmentToken;
import io.egressfed.hub.pki.TokenCheck.Reason;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Creates and checks single-use enrollment tokens ({@code [a-z0-9]{6}.[a-z0-9]{16}}, kubeadm-like).
 * Only the SHA-256 of the whole token is stored; the token is shown once, to the operator.
 *
 * <p>The caller persists {@link IssuedToken#stored()} under {@code tokens/<id>} with create-if-absent
 * (on the unlikely id collision, issue again), and after a successful {@link #check} writes
 * {@link #markUsed(EnrollmentToken)} with a compare-and-set, so that two concurrent enrollments with
 * one token cannot both succeed.
 */
public final class EnrollmentTokens {

    /** Default token lifetime. */
    public static final Duration DEFAULT_TTL = Duration.ofHours(1);

    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

    private final SecureRandom random;
    private final Clock clock;

    /**
     * Creates a token issuer.
     *
     * @param random the source of the id and secret characters
     * @param clock the time source for creation and expiry
     */
    public EnrollmentTokens(SecureRandom random, Clock clock) {
        this.random = random;
        this.clock = clock;
    }

    /**
     * Creates a token for a cluster, valid for {@link #DEFAULT_TTL}.
     *
     * @param cluster the cluster the token will enroll
     * @return the token and its stored form
     * @throws IllegalArgumentException when the cluster name is not a DNS label
     */
    public IssuedToken issue(String cluster) {
        return issue(cluster, DEFAULT_TTL);
    }

    /**
     * Creates a token for a cluster.
     *
     * @param cluster the cluster the token will enroll
     * @param ttl how long the token stays valid
     * @return the token and its stored form
     * @throws IllegalArgumentException when the cluster name is not a DNS label or the ttl is not positive
     */
    public IssuedToken issue(String cluster, Duration ttl) {
        ClusterIdentity.requireClusterName(cluster);
        if (ttl == null || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl: must be positive, got " + ttl);
        }
        BootstrapToken token = new BootstrapToken(randomString(BootstrapToken.ID_LENGTH),
                randomString(BootstrapToken.SECRET_LENGTH));
        Instant now = clock.instant();
        EnrollmentToken stored = EnrollmentToken.newBuilder()
                .setId(token.id())
                .setCluster(cluster)
                .setSecretSha256(token.sha256Hex())
                .setCreatedAt(toTimestamp(now))
                .setExpiresAt(toTimestamp(now.plus(ttl)))
                .setUsed(false)
                .build();
        return new IssuedToken(token, stored);
    }

    /**
     * Returns the store key of a presented token, to look up what {@link #check} needs.
     *
     * @param presented the token text sent by the agent
     * @return its id, or empty when the text is malformed (then {@link #check} reports why)
     */
    public static Optional<String> idOf(String presented) {
        try {
            return Optional.of(BootstrapToken.parse(presented).id());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * Checks a presented token against what is stored under its id. Failures are reported in this
     * order, so that only a holder of the secret learns whether the token is used or expired:
     * MALFORMED, UNKNOWN, MISMATCH, ALREADY_USED, EXPIRED.
     *
     * @param stored the record stored under the presented token's id, or null when there is none
     * @param presented the token text sent by the agent
     * @param now the current time; a token is expired from its {@code expires_at} on
     * @return the verdict
     */
    public static TokenCheck check(EnrollmentToken stored, String presented, Instant now) {
        BootstrapToken token;
        try {
            token = BootstrapToken.parse(presented);
        } catch (IllegalArgumentException e) {
            return TokenCheck.refused(Reason.MALFORMED, e.getMessage());
        }
        if (stored == null) {
            return TokenCheck.refused(Reason.UNKNOWN, "token " + token.id() + ": no such enrollment token");
        }
        byte[] expectedHash = stored.getSecretSha256().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        byte[] presentedHash = token.sha256Hex().getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expectedHash, presentedHash)) {
            return TokenCheck.refused(Reason.MISMATCH, "token " + token.id() + ": secret does not match");
        }
        if (stored.getUsed()) {
            return TokenCheck.refused(Reason.ALREADY_USED, "token " + token.id()
                    + ": was already used to enroll cluster " + stored.getCluster() + "; create a new token");
        }
        Instant expiresAt = toInstant(stored.getExpiresAt());
        if (!now.isBefore(expiresAt)) {
            return TokenCheck.refused(Reason.EXPIRED, "token " + token.id() + ": expired at " + expiresAt
                    + "; create a new token");
        }
        return TokenCheck.ok(stored.getCluster(), token.id());
    }

    /**
     * Same as {@link #check(EnrollmentToken, String, Instant)} for a store lookup result.
     *
     * @param stored the record stored under the presented token's id, if any
     * @param presented the token text sent by the agent
     * @param now the current time
     * @return the verdict
     */
    public static TokenCheck check(Optional<EnrollmentToken> stored, String presented, Instant now) {
        return check(stored.orElse(null), presented, now);
    }

    /**
     * Returns the record to write once a token has enrolled its cluster.
     *
     * @param stored the record as read
     * @return the same record with {@code used = true}
     */
    public static EnrollmentToken markUsed(EnrollmentToken stored) {
        return stored.toBuilder().setUsed(true).build();
    }

    static Instant toInstant(Timestamp timestamp) {
        return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
    }

    private static Timestamp toTimestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }

    private String randomString(int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return out.toString();
    }
}
