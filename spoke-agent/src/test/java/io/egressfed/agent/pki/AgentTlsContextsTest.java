package io.egressfed.agent.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.egressfed.api.pki.CaPin;
import io.egressfed.api.pki.EnrolledCredentials;
import io.egressfed.api.pki.TlsIdentity;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import java.security.cert.CertificateException;
import org.junit.jupiter.api.Test;

class AgentTlsContextsTest {

    /** A throwaway self-signed P-256 CA made with OpenSSL; it stands in for both the hub CA and the client. */
    private static final String CERTIFICATE_PEM = """
            -----BEGIN CERTIFICATE-----
            MIIBhTCCASugAwIBAgIUJMMxSt8slQ+TWF7Lp83O82iEb1cwCgYIKoZIzj0EAwIw
            FzEVMBMGA1UEAwwMa25vd24gYW5zd2VyMCAXDTI2MTEyMjA1NDU1OFoYDzIxMjYx
            MDI5MDU0NTU4WjAXMRUwEwYDVQQDDAxrbm93biBhbnN3ZXIwWTATBgcqhkjOPQIB
            BggqhkjOPQMBBwNCAAQHlcYSpMOEjCX8+E5Pyo0UXgVu9Fke2EzOuqUPK3tlEzZO
            D2NuPDVLR3jQkViiDpa0hHsWxu++pfcsdDPp+K59o1MwUTAdBgNVHQ4EFgQUQGrn
            DhW/pp//tZk52DoSuPsQSzQwHwYDVR0jBBgwFoAUQGrnDhW/pp//tZk52DoSuPsQ
            SzQwDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNIADBFAiEA7pmYTA6Wi3hX
            xrTSdhfwF71OrxmkNk9zxPfC723Hv+oCIAl9I031SfQRvbIICZ7nzsWW083Ua19Z
            VriL+P3XuvcL
            -----END CERTIFICATE-----
            """;
    private static final String KEY_PEM = """
            -----BEGIN PRIVATE KEY-----
            MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgLAvoBr8IbKap+W7G
            6RV01BCgLycCX/WXDNYx+sahLMmhRANCAAQHlcYSpMOEjCX8+E5Pyo0UXgVu9Fke
            2EzOuqUPK3tlEzZOD2NuPDVLR3jQkViiDpa0hHsWxu++pfcsdDPp+K59
            -----END PRIVATE KEY-----
            """;
    private static final String FINGERPRINT =
            "2B:A3:81:A6:05:63:BE:D4:CD:14:82:1F:05:29:58:29:BA:30:31:21:A3:FA:B2:BC:EA:D4:27:26:45:EF:10:D0";

    private final TlsIdentity identity = TlsIdentity.fromPem(KEY_PEM, CERTIFICATE_PEM);
    private final EnrolledCredentials credentials = new EnrolledCredentials(identity, identity.certificate());

    @Test
    void enrollmentContextIsAClientContext() throws Exception {
        SslContext context = AgentTlsContexts.forEnrollment(CaPin.parse(FINGERPRINT));

        assertThat(context.isClient()).isTrue();
    }

    @Test
    void linkContextIsBuiltWhenTheStoredCaMatchesThePin() throws Exception {
        SslContext context = AgentTlsContexts.forLink(credentials, CaPin.parse(FINGERPRINT));

        assertThat(context.isClient()).isTrue();
    }

    @Test
    void storedCaThatDoesNotMatchThePinIsRefused() {
        CaPin otherPin = CaPin.parse("00".repeat(32));

        assertThatThrownBy(() -> AgentTlsContexts.forLink(credentials, otherPin))
                .isInstanceOf(CertificateException.class)
                .hasMessageEndingWith("but the pinned fingerprint is " + "00".repeat(32));
    }
}
