package io.egressfed.e2e.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Percentiles are nearest-rank over the samples, whatever their order; bad input names the field. */
class LatenciesTest {

    @Test
    void nearestRankPercentilesOfAHundredSamples() {
        List<Long> nanos = new ArrayList<>();
        for (long ms = 1; ms <= 100; ms++) {
            nanos.add(ms * 1_000_000);
        }
        Collections.shuffle(nanos);

        Latencies latencies = Latencies.ofNanos(nanos);

        assertThat(latencies).isEqualTo(new Latencies(100, 50.0, 95.0, 99.0, 100.0));
        assertThat(latencies.cells()).containsExactly("50.0 ms", "95.0 ms", "99.0 ms", "100 ms");
    }

    @Test
    void aSingleSampleIsEveryPercentile() {
        assertThat(Latencies.ofNanos(List.of(250_000L))).isEqualTo(new Latencies(1, 0.25, 0.25, 0.25, 0.25));
        assertThat(Latencies.format(0.25)).isEqualTo("250 µs");
    }

    @Test
    void refusesNoSamplesAndNegativeDurations() {
        assertThatThrownBy(() -> Latencies.ofNanos(List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("nanos: at least one sample is needed");
        assertThatThrownBy(() -> Latencies.ofNanos(List.of(5L, -1L)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("nanos: a duration cannot be negative, got -1");
    }

    @Test
    void tablesAlignColumnsAndRefuseRaggedRows() {
        ResultTable table = new ResultTable.Builder("T", "A", "LONG HEADER").row("wide cell", "x").build();

        assertThat(table.render()).containsExactly("T", "  A          LONG HEADER", "  wide cell  x");
        assertThatThrownBy(() -> new ResultTable.Builder("T", "A", "B").row("only one").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("rows[0]: 1 cells, but 2 headers");
    }
}
