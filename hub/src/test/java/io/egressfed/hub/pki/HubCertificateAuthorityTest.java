package io.egressfed.hub.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.egressfed.api.pki.Fingerprints;
import io.egressfed.api.pki.KeyPairs;
import io.egressfed.api.pki.Pem;
import io.egressfed.api.pki.TlsIdentity;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HubCertificateAuthorityTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path directory;

    @Test
    void newCaIsASelfSignedP256RootThatIssuesLeavesOnly() throws Exception {
        X509Certificate ca = HubCertificateAuthority.create(clock).certificate();

        assertThat(ca.getSubjectX500Principal().getName()).isEqualTo("CN=egressfed hub CA");
        assertThat(ca.getIssuerX500Principal()).isEqualTo(ca.getSubjectX500Principal());
        assertThatCode(() -> ca.verify(ca.getPublicKey())).doesNotThrowAnyException();
        assertThat(ca.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(KeyPairs.isP256(ca.getPublicKey())).isTrue();
        assertThat(ca.getBasicConstraints()).isZero();
        assertThat(ca.getCriticalExtensionOIDs()).contains("2.5.29.19", "2.5.29.15");
        boolean[] keyUsage = ca.getKeyUsage();
        assertThat(keyUsage[5]).as("keyCertSign").isTrue();
        assertThat(keyUsage[6]).as("cRLSign").isTrue();
        assertThat(keyUsage[0]).as("digitalSignature").isFalse();
        assertThat(ca.getNotBefore().toInstant()).isEqualTo(NOW.minus(Duration.ofMinutes(1)));
        assertThat(ca.getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(3650)));
    }

    @Test
    void savedCaLoadsWithTheSameFingerprintAndKey() throws Exception {
        HubCertificateAuthority created = HubCertificateAuthority.create(clock);
        created.saveTo(directory);

        HubCertificateAuthority loaded = HubCertificateAuthority.load(directory, clock);

        assertThat(Fingerprints.sha256Hex(loaded.certificate()))
                .isEqualTo(Fingerprints.sha256Hex(created.certificate()));
        assertThat(loaded.pin()).isEqualTo(created.pin());
        X509Certificate issuedByLoaded = loaded.issueServerCertificate(List.of("hub"), List.of(), Duration.ofHours(1))
                .certificate();
        assertThatCode(() -> issuedByLoaded.verify(created.certificate().getPublicKey())).doesNotThrowAnyException();
    }

    @Test
    void keyFileIsOnlyReadableByItsOwner() throws Exception {
        HubCertificateAuthority.create(clock).saveTo(directory);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory.resolve("ca.key"))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory.resolve("ca.crt"))))
                .isEqualTo("rw-r--r--");
        assertThat(Files.readString(directory.resolve("ca.key"))).startsWith("-----BEGIN PRIVATE KEY-----");
    }

    @Test
    void savingNeverOverwritesAnExistingCa() throws Exception {
        HubCertificateAuthority first = HubCertificateAuthority.create(clock);
        first.saveTo(directory);
        String savedKey = Files.readString(directory.resolve("ca.key"));

        assertThatThrownBy(() -> HubCertificateAuthority.create(clock).saveTo(directory))
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThat(Files.readString(directory.resolve("ca.key"))).isEqualTo(savedKey);
    }

    @Test
    void loadOrCreateCreatesOnceThenLoads() throws Exception {
        HubCertificateAuthority created = HubCertificateAuthority.loadOrCreate(directory, clock);
        HubCertificateAuthority again = HubCertificateAuthority.loadOrCreate(directory, clock);

        assertThat(again.pin()).isEqualTo(created.pin());
    }

    @Test
    void certificateWithoutItsKeyIsABrokenInstall() throws Exception {
        HubCertificateAuthority.create(clock).saveTo(directory);
        Files.delete(directory.resolve("ca.key"));

        assertThatThrownBy(() -> HubCertificateAuthority.loadOrCreate(directory, clock))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage(directory.resolve("ca.key") + ": is missing while ca.crt exists;"
                        + " restore it or remove both to create a new CA");
    }

    @Test
    void keyOfAnotherCaIsRefusedNamingTheFile() throws Exception {
        HubCertificateAuthority.create(clock).saveTo(directory);
        Path other = Files.createDirectory(directory.resolve("other"));
        HubCertificateAuthority.create(clock).saveTo(other);
        Files.delete(directory.resolve("ca.key"));
        Files.copy(other.resolve("ca.key"), directory.resolve("ca.key"));

        assertThatThrownBy(() -> HubCertificateAuthority.load(directory, clock))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(directory.resolve("ca.key") + ": private key: does not belong to the leaf"
                        + " certificate CN=egressfed hub CA");
    }

    @Test
    void leafCertificateIsNotAcceptedAsCa() throws Exception {
        HubCertificateAuthority ca = HubCertificateAuthority.create(clock);
        TlsIdentity server = ca.issueServerCertificate(List.of("hub"), List.of(), Duration.ofHours(1));
        Files.writeString(directory.resolve("ca.crt"), Pem.encodeCertificate(server.certificate()));
        Files.writeString(directory.resolve("ca.key"), server.privateKeyPem());

        assertThatThrownBy(() -> HubCertificateAuthority.load(directory, clock))
                .hasMessage(directory.resolve("ca.crt") + ": is not a CA certificate (basicConstraints CA:false)");
    }

    @Test
    void expiredCaIsRefused() throws Exception {
        HubCertificateAuthority.create(clock).saveTo(directory);
        Clock elevenYearsLater = Clock.offset(clock, Duration.ofDays(11 * 365));

        assertThatThrownBy(() -> HubCertificateAuthority.load(directory, elevenYearsLater))
                .hasMessageStartingWith(directory.resolve("ca.crt") + ": CA certificate expired at ");
    }

    @Test
    void corruptCertificateFileIsRefusedNamingTheFile() throws Exception {
        Files.writeString(directory.resolve("ca.crt"), "not pem");
        Files.writeString(directory.resolve("ca.key"), "not pem");

        assertThatThrownBy(() -> HubCertificateAuthority.load(directory, clock))
                .hasMessage(directory.resolve("ca.crt") + ": pem: no CERTIFICATE block found");
    }

    @Test
    void serverCertificateCarriesTheRequestedNamesAndServerAuth() throws Exception {
        HubCertificateAuthority ca = HubCertificateAuthority.create(clock);

        TlsIdentity server = ca.issueServerCertificate(List.of("localhost"), List.of("127.0.0.1", "::1"),
                Duration.ofDays(30));

        X509Certificate certificate = server.certificate();
        assertThat(server.chain()).containsExactly(certificate, ca.certificate());
        assertThat(certificate.getSubjectAlternativeNames())
                .contains(List.of(2, "localhost"), List.of(7, "127.0.0.1"));
        assertThat(certificate.getSubjectAlternativeNames()).hasSize(3);
        assertThat(certificate.getExtendedKeyUsage()).containsExactly(SERVER_AUTH);
        assertThat(certificate.getBasicConstraints()).isEqualTo(-1);
        assertThat(certificate.getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(30)));
        assertThatCode(() -> certificate.verify(ca.certificate().getPublicKey())).doesNotThrowAnyException();
        assertThat(server.toString()).doesNotContain(server.privateKeyPem().lines().skip(1).findFirst().orElseThrow());
    }

    @Test
    void serverCertificateRequestsAreValidated() {
        HubCertificateAuthority ca = HubCertificateAuthority.create(clock);

        assertThatThrownBy(() -> ca.issueServerCertificate(List.of(), List.of("127.0.0.300"), Duration.ofHours(1)))
                .hasMessage("ipAddresses: \"127.0.0.300\" is not an IPv4 or IPv6 address");
        assertThatThrownBy(() -> ca.issueServerCertificate(List.of(), List.of(), Duration.ofHours(1)))
                .hasMessage("dnsNames, ipAddresses: a server certificate needs at least one name");
        assertThatThrownBy(() -> ca.issueServerCertificate(List.of("hub"), List.of(), Duration.ZERO))
                .hasMessage("ttl: must be positive, got PT0S");
    }
}
