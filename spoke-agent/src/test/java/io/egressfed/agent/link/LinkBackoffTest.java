package io.egressfed.agent.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Reconnection delays: doubling ceilings from 100 ms, jittered within the upper half, capped at 10 s. */
class LinkBackoffTest {

    private static final Duration INITIAL = Duration.ofMillis(100);
    private static final Duration CAP = Duration.ofSeconds(10);

    @Test
    void delaysDoubleWithJitterAndNeverExceedTheCap() {
        Backoff backoff = new Backoff(INITIAL, CAP, new SplittableRandom(42));
        List<Duration> delays = new ArrayList<>();
        for (int attempt = 0; attempt < 100; attempt++) {
            delays.add(backoff.next());
        }

        for (int attempt = 0; attempt < delays.size(); attempt++) {
            Duration ceiling = attempt < 7 ? INITIAL.multipliedBy(1L << attempt) : CAP;
            assertThat(delays.get(attempt)).as("attempt %d", attempt)
                    .isBetween(ceiling.dividedBy(2), ceiling);
        }
        assertThat(delays.subList(10, 100)).as("jittered, not all equal").doesNotHaveDuplicates();
    }

    @Test
    void resetStartsOverFromTheInitialDelay() {
        Backoff backoff = new Backoff(INITIAL, CAP, new SplittableRandom(7));
        for (int attempt = 0; attempt < 20; attempt++) {
            backoff.next();
        }

        backoff.reset();

        assertThat(backoff.next()).isBetween(INITIAL.dividedBy(2), INITIAL);
    }

    @Test
    void rejectsACapBelowTheInitialDelay() {
        assertThatThrownBy(() -> new Backoff(CAP, INITIAL, new SplittableRandom()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cap: must be at least initial (PT10S), got PT0.1S");
    }
}
