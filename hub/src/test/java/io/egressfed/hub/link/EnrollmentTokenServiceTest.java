package io.egressfed.hub.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.egressfed.api.v1alpha1.EnrollmentToken;
import io.egressfed.hub.pki.EnrollmentTokens;
import io.egressfed.hub.pki.IssuedToken;
import io.egressfed.hub.store.InMemoryStore;
import io.egressfed.hub.store.KeyValue;
import io.egressfed.hub.store.Keys;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Tokens are stored as hashes under {@code tokens/<id>}, never overwriting one another. */
class EnrollmentTokenServiceTest {

    private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");

    private final Keys keys = Keys.defaults();
    private final InMemoryStore store = new InMemoryStore();

    @AfterEach
    void stop() {
        store.close();
    }

    @Test
    void storesOnlyTheHashWithTheClusterAndExpiry() throws Exception {
        EnrollmentTokenService service = service(new SecureRandom());

        IssuedToken issued = service.create("eu-west-1", Duration.ofMinutes(30)).join();

        KeyValue stored = store.get(keys.token(issued.token().id())).join().orElseThrow();
        EnrollmentToken record = EnrollmentToken.parseFrom(stored.value());
        assertThat(record.getCluster()).isEqualTo("eu-west-1");
        assertThat(record.getSecretSha256()).isEqualTo(issued.token().sha256Hex());
        assertThat(record.getUsed()).isFalse();
        assertThat(record.getExpiresAt().getSeconds()).isEqualTo(NOW.plus(Duration.ofMinutes(30)).getEpochSecond());
        assertThat(new String(stored.value(), StandardCharsets.ISO_8859_1)).doesNotContain(issued.token().secret());
    }

    @Test
    void anIdThatIsAlreadyTakenIsDrawnAgainAndTheExistingTokenIsKept() throws Exception {
        // The first two draws produce the same token; the third a different one.
        EnrollmentTokenService service = service(new ScriptedRandom(2 * 22));
        IssuedToken first = service.create("eu-west-1").join();

        IssuedToken second = service.create("us-east-1").join();

        assertThat(second.token().id()).isNotEqualTo(first.token().id());
        EnrollmentToken kept = EnrollmentToken.parseFrom(store.get(keys.token(first.token().id())).join()
                .orElseThrow().value());
        assertThat(kept.getCluster()).isEqualTo("eu-west-1");
        assertThat(store.list(keys.tokens()).join().items()).hasSize(2);
    }

    @Test
    void aBadClusterNameOrTtlStoresNothing() {
        EnrollmentTokenService service = service(new SecureRandom());

        assertThatThrownBy(() -> service.create("EU_West", Duration.ofHours(1)).join())
                .isInstanceOf(CompletionException.class).hasMessageContaining("cluster name: \"EU_West\" is not a DNS label");
        assertThatThrownBy(() -> service.create("eu-west-1", Duration.ZERO).join())
                .isInstanceOf(CompletionException.class).hasMessageContaining("ttl: must be positive, got PT0S");
        assertThat(store.list(keys.tokens()).join().items()).isEmpty();
    }

    private EnrollmentTokenService service(SecureRandom random) {
        return new EnrollmentTokenService(store, keys, new EnrollmentTokens(random, Clock.fixed(NOW, ZoneOffset.UTC)));
    }

    /** Returns 0 for the first {@code zeros} draws, then counts up: two identical tokens, then others. */
    private static final class ScriptedRandom extends SecureRandom {
        private static final long serialVersionUID = 1L;
        private final int zeros;
        private int draws;

        ScriptedRandom(int zeros) {
            this.zeros = zeros;
        }

        @Override
        public int nextInt(int bound) {
            draws++;
            return draws <= zeros ? 0 : draws % bound;
        }
    }
}
