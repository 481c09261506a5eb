package io.egressfed.hub.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.egressfed.api.pki.BootstrapToken;
import io.egressfed.api.v1alpha1.EnrollmentToken;
import io.egressfed.hub.pki.TokenCheck.Reason;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EnrollmentTokensTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    private final EnrollmentTokens tokens = new EnrollmentTokens(new SecureRandom(), Clock.fixed(NOW, ZoneOffset.UTC));
    private final IssuedToken issued = tokens.issue("eu-west-1");
    private final String presented = issued.token().value();
    private final EnrollmentToken stored = issued.stored();

    @Test
    void tokenHasTheKubeadmFormatAndItsIdIsTheStoreKey() {
        assertThat(presented).matches("[a-z0-9]{6}\\.[a-z0-9]{16}");
        assertThat(stored.getId()).isEqualTo(presented.substring(0, 6)).isEqualTo(issued.token().id());
        assertThat(issued.token().secret()).isEqualTo(presented.substring(7));
        assertThat(tokens.issue("eu-west-1").token()).isNotEqualTo(issued.token());
    }

    @Test
    void onlyTheHashOfTheWholeTokenIsStored() throws Exception {
        String sha256 = HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(presented.getBytes(StandardCharsets.UTF_8)));

        assertThat(stored.getSecretSha256()).isEqualTo(sha256);
        assertThat(stored.getCluster()).isEqualTo("eu-west-1");
        assertThat(stored.getUsed()).isFalse();
        assertThat(EnrollmentTokens.toInstant(stored.getCreatedAt())).isEqualTo(NOW);
        assertThat(EnrollmentTokens.toInstant(stored.getExpiresAt())).isEqualTo(NOW.plus(Duration.ofHours(1)));
        assertThat(stored.toByteString().toStringUtf8()).doesNotContain(issued.token().secret());
    }

    @Test
    void validTokenEnrollsItsCluster() {
        TokenCheck check = EnrollmentTokens.check(stored, presented, NOW.plus(Duration.ofMinutes(59)));

        assertThat(check.isOk()).isTrue();
        assertThat(check.reason()).isEqualTo(Reason.OK);
        assertThat(check.cluster()).contains("eu-west-1");
    }

    @Test
    void usedTokenIsRefused() {
        TokenCheck check = EnrollmentTokens.check(EnrollmentTokens.markUsed(stored), presented, NOW);

        assertThat(check.reason()).isEqualTo(Reason.ALREADY_USED);
        assertThat(check.message()).isEqualTo("token " + stored.getId()
                + ": was already used to enroll cluster eu-west-1; create a new token");
        assertThat(check.cluster()).isEmpty();
    }

    @Test
    void tokenExpiresAtItsExpiryInstant() {
        Instant expiry = NOW.plus(EnrollmentTokens.DEFAULT_TTL);

        assertThat(EnrollmentTokens.check(stored, presented, expiry.minusNanos(1)).reason()).isEqualTo(Reason.OK);
        TokenCheck check = EnrollmentTokens.check(stored, presented, expiry);
        assertThat(check.reason()).isEqualTo(Reason.EXPIRED);
        assertThat(check.message()).isEqualTo("token " + stored.getId() + ": expired at " + expiry
                + "; create a new token");
    }

    @Test
    void wrongSecretIsAMismatchEvenForAUsedExpiredToken() {
        String wrongSecret = stored.getId() + "." + "0".repeat(16);

        TokenCheck fresh = EnrollmentTokens.check(stored, wrongSecret, NOW);
        TokenCheck usedAndExpired = EnrollmentTokens.check(EnrollmentTokens.markUsed(stored), wrongSecret,
                NOW.plus(Duration.ofDays(1)));

        assertThat(fresh.reason()).isEqualTo(Reason.MISMATCH);
        assertThat(fresh.message()).isEqualTo("token " + stored.getId() + ": secret does not match");
        assertThat(usedAndExpired.reason()).isEqualTo(Reason.MISMATCH);
    }

    @Test
    void absentTokenIsUnknown() {
        TokenCheck fromNull = EnrollmentTokens.check((EnrollmentToken) null, presented, NOW);
        TokenCheck fromEmpty = EnrollmentTokens.check(Optional.empty(), presented, NOW);

        assertThat(fromNull.reason()).isEqualTo(Reason.UNKNOWN);
        assertThat(fromNull.message()).isEqualTo("token " + stored.getId() + ": no such enrollment token");
        assertThat(fromEmpty).isEqualTo(fromNull);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abcdef", "abcdef.", "abcde.0123456789abcdef", "abcdef.0123456789abcdefg",
            "ABCDEF.0123456789abcdef", "abcdef.0123456789abcde!", "abcdef:0123456789abcdef", "abc.def.0123456789abcdef",
            " abcdef.0123456789abcdef"})
    void malformedTokensAreRefusedBeforeAnyLookup(String malformed) {
        TokenCheck check = EnrollmentTokens.check(stored, malformed, NOW);

        assertThat(check.reason()).isEqualTo(Reason.MALFORMED);
        assertThat(check.message()).startsWith("token: ");
        assertThat(EnrollmentTokens.check((EnrollmentToken) null, malformed, NOW).reason()).isEqualTo(Reason.MALFORMED);
    }

    @Test
    void nullTokenIsMalformed() {
        assertThat(EnrollmentTokens.check(stored, null, NOW).reason()).isEqualTo(Reason.MALFORMED);
    }

    @Test
    void nothingPrintableRevealsTheSecret() {
        String secret = issued.token().secret();

        assertThat(issued.toString()).doesNotContain(secret).contains(stored.getId(), "eu-west-1");
        assertThat(issued.token().toString()).doesNotContain(secret);
        assertThat(EnrollmentTokens.check(stored, presented, NOW).toString()).doesNotContain(secret);
        assertThat(EnrollmentTokens.check(stored, stored.getId() + ".zzzzzzzzzzzzzzzz", NOW).toString())
                .doesNotContain("zzzzzzzzzzzzzzzz");
        assertThat(EnrollmentTokens.check(stored, stored.getId() + ".zzzzzzzzzzzzzzz!", NOW).message())
                .doesNotContain("zzzzzzzzzzzzzzz");
    }

    @Test
    void customTtlIsHonouredAndInvalidRequestsAreRefused() {
        IssuedToken shortLived = tokens.issue("us-east-1", Duration.ofMinutes(5));

        assertThat(EnrollmentTokens.toInstant(shortLived.stored().getExpiresAt())).isEqualTo(NOW.plusSeconds(300));
        assertThatThrownBy(() -> tokens.issue("us-east-1", Duration.ZERO))
                .hasMessage("ttl: must be positive, got PT0S");
        assertThatThrownBy(() -> tokens.issue("Bad_Name")).hasMessageStartingWith("cluster name: \"Bad_Name\"");
    }

    @Test
    void parsedTokenAgreesWithTheIssuedOne() {
        BootstrapToken parsed = BootstrapToken.parse(presented);

        assertThat(parsed).isEqualTo(issued.token());
        assertThat(parsed.sha256Hex()).isEqualTo(stored.getSecretSha256());
    }
}
