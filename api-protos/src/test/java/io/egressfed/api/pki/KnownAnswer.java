package io.egressfed.api.pki;

/**
 * A throwaway P-256 key and self-signed certificate made with OpenSSL, with the fingerprint OpenSSL
 * printed for it ({@code openssl x509 -noout -fingerprint -sha256}), to check interoperability.
 */
final class KnownAnswer {

    static final String CERTIFICATE_PEM = """
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

    static final String OPENSSL_SHA256_FINGERPRINT =
            "2B:A3:81:A6:05:63:BE:D4:CD:14:82:1F:05:29:58:29:BA:30:31:21:A3:FA:B2:BC:EA:D4:27:26:45:EF:10:D0";

    /** The same key in SEC1 form, as {@code openssl ec} writes it. */
    static final String SEC1_KEY_PEM = """
            -----BEGIN EC PRIVATE KEY-----
            MHcCAQEEICwL6Aa/CGymqfluxukVdNQQoC8nAl/1lwzWMfrGoSzJoAoGCCqGSM49
            AwEHoUQDQgAEB5XGEqTDhIwl/PhOT8qNFF4FbvRZHthMzrqlDyt7ZRM2Tg9jbjw1
            S0d40JFYog6WtIR7FsbvvqX3LHQz6fiufQ==
            -----END EC PRIVATE KEY-----
            """;

    /** The same key in PKCS#8 form, as {@code openssl req -newkey} writes it. */
    static final String PKCS8_KEY_PEM = """
            -----BEGIN PRIVATE KEY-----
            MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgLAvoBr8IbKap+W7G
            6RV01BCgLycCX/WXDNYx+sahLMmhRANCAAQHlcYSpMOEjCX8+E5Pyo0UXgVu9Fke
            2EzOuqUPK3tlEzZOD2NuPDVLR3jQkViiDpa0hHsWxu++pfcsdDPp+K59
            -----END PRIVATE KEY-----
            """;

    private KnownAnswer() {
    }
}
