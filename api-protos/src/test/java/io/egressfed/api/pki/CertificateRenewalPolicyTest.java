package io.egressfed.api.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CertificateRenewalPolicyTest {

    private final Instant notBefore = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(2));
    private final Instant notAfter = notBefore.plus(Duration.ofHours(24));
    private final Instant halfLife = notBefore.plus(Duration.ofHours(12));
    private X509Certificate certificate;

    @BeforeEach
    void issue() throws Exception {
        TestCertificates certificates = new TestCertificates();
        certificate = certificates.leaf(certificates.ca("renewal CA"), "CN=eu-west-1", null, notBefore, notAfter)
                .certificate();
    }

    @Test
    void renewsFromHalfLifeOn() {
        RenewalPolicy policy = RenewalPolicy.HALF_LIFE;

        assertThat(policy.renewAt(certificate)).isEqualTo(halfLife);
        assertThat(policy.shouldRenew(certificate, halfLife.minusMillis(1))).isFalse();
        assertThat(policy.shouldRenew(certificate, halfLife)).isTrue();
        assertThat(policy.shouldRenew(certificate, notAfter.plusSeconds(1))).isTrue();
    }

    @Test
    void delayUntilRenewalCountsDownToZero() {
        RenewalPolicy policy = RenewalPolicy.HALF_LIFE;

        assertThat(policy.delayUntilRenewal(certificate, notBefore)).isEqualTo(Duration.ofHours(12));
        assertThat(policy.delayUntilRenewal(certificate, halfLife.plusSeconds(5))).isZero();
    }

    @Test
    void otherFractionsMoveTheRenewalPoint() {
        assertThat(new RenewalPolicy(0.75).renewAt(notBefore, notAfter))
                .isEqualTo(notBefore.plus(Duration.ofHours(18)));
    }

    @Test
    void fractionOutsideTheOpenUnitIntervalIsRefused() {
        assertThatThrownBy(() -> new RenewalPolicy(1.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("lifetimeFraction: must be strictly between 0 and 1, got 1.0");
        assertThatThrownBy(() -> new RenewalPolicy(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RenewalPolicy(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
