package io.egressfed.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimesTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    @Test
    void goStyleDurationsAddTheirParts() {
        assertThat(Times.duration("--ttl", "1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Times.duration("--ttl", "2d")).isEqualTo(Duration.ofDays(2));
        assertThat(Times.duration("--ttl", "1500ms")).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void aDurationWithAnUnknownUnitNamesTheOptionAndTheValue() {
        assertThatThrownBy(() -> Times.duration("--ttl", "1h30x"))
                .isInstanceOf(UsageFailure.class).hasMessageContaining("--ttl: \"1h30x\" is not a duration");
        assertThatThrownBy(() -> Times.duration("--ttl", "")).isInstanceOf(UsageFailure.class);
    }

    @Test
    void anInstantIsRfc3339OrADurationAgo() {
        assertThat(Times.instant("--at", "2026-02-28T10:00:00Z", NOW)).isEqualTo(Instant.parse("2026-02-28T10:00:00Z"));
        assertThat(Times.instant("--since", "2h", NOW)).isEqualTo(Instant.parse("2026-03-01T10:00:00Z"));
        assertThatThrownBy(() -> Times.instant("--at", "yesterday", NOW))
                .isInstanceOf(UsageFailure.class).hasMessageContaining("--at: \"yesterday\" is neither");
    }
}
