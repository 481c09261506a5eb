package io.egressfed.api.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BootstrapTokenTest {

    private static final String TOKEN = "abc123.0123456789abcdef";

    @Test
    void parseSplitsIdAndSecret() {
        BootstrapToken token = BootstrapToken.parse(TOKEN);

        assertThat(token.id()).isEqualTo("abc123");
        assertThat(token.secret()).isEqualTo("0123456789abcdef");
        assertThat(token.value()).isEqualTo(TOKEN);
    }

    @Test
    void hashIsSha256HexOfTheWholeToken() throws Exception {
        String expected = HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(TOKEN.getBytes(StandardCharsets.UTF_8)));

        assertThat(BootstrapToken.parse(TOKEN).sha256Hex()).isEqualTo(expected);
    }

    @Test
    void toStringDoesNotRevealTheSecret() {
        assertThat(BootstrapToken.parse(TOKEN).toString())
                .contains("abc123")
                .doesNotContain("0123456789abcdef");
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "\"\"                          | token: is empty; expected [a-z0-9]{6}.[a-z0-9]{16}",
            "abc1230123456789abcdef      | token: has no '.' between id and secret; expected [a-z0-9]{6}.[a-z0-9]{16}",
            "abc123.0123456789.abcdef    | token: has more than one '.'; expected [a-z0-9]{6}.[a-z0-9]{16}",
            "abc12.0123456789abcdef      | token: the id part has 5 characters, expected 6 ([a-z0-9]{6}.[a-z0-9]{16})",
            "abc123.0123456789abcde   | token: the secret part has 15 characters, expected 16 ([a-z0-9]{6}.[a-z0-9]{16})",
            "abc123.0123456789abcdef0 | token: the secret part has 17 characters, expected 16 ([a-z0-9]{6}.[a-z0-9]{16})",
            "ABC123.0123456789abcdef     | token: character 1 of the id part is not in [a-z0-9]",
            "abc123.0123456789abcdeF     | token: character 16 of the secret part is not in [a-z0-9]",
            "abc123.01234-6789abcdef     | token: character 6 of the secret part is not in [a-z0-9]",
            ".0123456789abcdef           | token: the id part has 0 characters, expected 6 ([a-z0-9]{6}.[a-z0-9]{16})"})
    void malformedTokensAreRefusedWithAPreciseReason(String presented, String message) {
        assertThatThrownBy(() -> BootstrapToken.parse(presented))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }
}
