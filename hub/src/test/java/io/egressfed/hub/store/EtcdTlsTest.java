package io.egressfed.hub.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.egressfed.api.pki.Pem;
import io.egressfed.api.pki.TlsIdentity;
import io.egressfed.hub.pki.HubCertificateAuthority;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EtcdTlsTest {

    private final HubCertificateAuthority ca = HubCertificateAuthority.create(Clock.systemUTC());

    @Test
    void aCaAloneOrACaWithAClientCertificateBuildsAClientContext(@TempDir Path dir) throws Exception {
        Path caFile = Files.writeString(dir.resolve("ca.crt"), Pem.encodeCertificate(ca.certificate()));
        TlsIdentity client = ca.issueServerCertificate(List.of("egressfed-hub"), List.of(), Duration.ofDays(1));
        Path cert = Files.writeString(dir.resolve("tls.crt"), client.certificateChainPem());
        Path key = Files.writeString(dir.resolve("tls.key"), client.privateKeyPem());

        SslContext serverOnly = build(new EtcdTls(caFile, Optional.empty(), Optional.empty()));
        SslContext mutual = build(new EtcdTls(caFile, Optional.of(cert), Optional.of(key)));

        assertThat(serverOnly.isClient()).isTrue();
        assertThat(mutual.isClient()).isTrue();
    }

    @Test
    void aKeyOfAnotherCertificateIsRefusedNamingBothFiles(@TempDir Path dir) throws Exception {
        Path caFile = Files.writeString(dir.resolve("ca.crt"), Pem.encodeCertificate(ca.certificate()));
        TlsIdentity one = ca.issueServerCertificate(List.of("one"), List.of(), Duration.ofDays(1));
        TlsIdentity other = ca.issueServerCertificate(List.of("other"), List.of(), Duration.ofDays(1));
        Path cert = Files.writeString(dir.resolve("tls.crt"), one.certificateChainPem());
        Path key = Files.writeString(dir.resolve("tls.key"), other.privateKeyPem());

        assertThatThrownBy(() -> new EtcdTls(caFile, Optional.of(cert), Optional.of(key)).clientContext())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(key + ": does not belong to the certificate in " + cert);
    }

    @Test
    void aPkcs1RsaKeyIsRead(@TempDir Path dir) throws Exception {
        Path caFile = Files.writeString(dir.resolve("ca.crt"), Pem.encodeCertificate(ca.certificate()));
        TlsIdentity ec = ca.issueServerCertificate(List.of("one"), List.of(), Duration.ofDays(1));
        Path cert = Files.writeString(dir.resolve("tls.crt"), ec.certificateChainPem());
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        byte[] pkcs1 = PrivateKeyInfo.getInstance(generator.generateKeyPair().getPrivate().getEncoded())
                .parsePrivateKey().toASN1Primitive().getEncoded();
        Path key = Files.writeString(dir.resolve("rsa.key"), "-----BEGIN RSA PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pkcs1) + "\n-----END RSA PRIVATE KEY-----\n");

        // Parsed as RSA, then found not to match the EC certificate: the format itself is accepted.
        assertThatThrownBy(() -> new EtcdTls(caFile, Optional.of(cert), Optional.of(key)).clientContext())
                .hasMessageStartingWith(key + ": does not belong to the certificate");
    }

    @Test
    void unreadableOrMalformedFilesAreNamed(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("absent.crt");
        Path notPem = Files.writeString(dir.resolve("ca.crt"), "hello");

        assertThatThrownBy(() -> new EtcdTls(missing, Optional.empty(), Optional.empty()).clientContext())
                .hasMessage(missing + ": cannot read: no such file");
        assertThatThrownBy(() -> new EtcdTls(notPem, Optional.empty(), Optional.empty()).clientContext())
                .hasMessageStartingWith(notPem + ": not a PEM CA");
        assertThatThrownBy(() -> new EtcdTls(notPem, Optional.of(notPem), Optional.empty()))
                .hasMessageStartingWith("keyFile: is required when certFile is given");
    }

    private static SslContext build(EtcdTls tls) throws Exception {
        SslContextBuilder builder = SslContextBuilder.forClient();
        tls.clientContext().accept(builder);
        return builder.build();
    }
}
