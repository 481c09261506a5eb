package io.egressfed.api.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FingerprintsTest {

    private final X509Certificate knownCertificate = Pem.decodeCertificate(KnownAnswer.CERTIFICATE_PEM);

    @Test
    void fingerprintEqualsWhatOpensslPrints() {
        assertThat(Fingerprints.sha256Hex(knownCertificate))
                .isEqualTo(KnownAnswer.OPENSSL_SHA256_FINGERPRINT.replace(":", "").toLowerCase())
                .matches("[0-9a-f]{64}");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "2B:A3:81:A6:05:63:BE:D4:CD:14:82:1F:05:29:58:29:BA:30:31:21:A3:FA:B2:BC:EA:D4:27:26:45:EF:10:D0",
            "2ba381a60563bed4cd14821f05295829ba303121a3fab2bcead4272645ef10d0",
            "SHA256:2BA381A60563BED4CD14821F05295829BA303121A3FAB2BCEAD4272645EF10D0",
            "  2ba381a60563bed4cd14821f05295829ba303121a3fab2bcead4272645ef10d0\n"})
    void humanFormsNormalizeToTheCanonicalFingerprint(String written) {
        assertThat(Fingerprints.normalize(written)).isEqualTo(Fingerprints.sha256Hex(knownCertificate));
        assertThat(Fingerprints.constantTimeEquals(written, Fingerprints.sha256Hex(knownCertificate))).isTrue();
    }

    @Test
    void differentFingerprintsAreNotEqual() {
        String other = "3ba381a60563bed4cd14821f05295829ba303121a3fab2bcead4272645ef10d0";
        assertThat(Fingerprints.constantTimeEquals(other, Fingerprints.sha256Hex(knownCertificate))).isFalse();
    }

    @Test
    void tooShortFingerprintIsRejectedWithItsLength() {
        assertThatThrownBy(() -> Fingerprints.normalize("ab:cd"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("fingerprint: a SHA-256 fingerprint has 64 hex digits (colons allowed), got 4");
    }

    @Test
    void nonHexCharacterIsRejectedWithItsPosition() {
        assertThatThrownBy(() -> Fingerprints.normalize("g" + "0".repeat(63)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("fingerprint: character 1 is not a hex digit");
    }

    @Test
    void missingFingerprintIsRejected() {
        assertThatThrownBy(() -> Fingerprints.normalize(null)).hasMessage("fingerprint: is missing");
    }
}
