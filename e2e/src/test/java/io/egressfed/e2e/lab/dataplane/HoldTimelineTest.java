package io.egressfed.e2e.lab.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class HoldTimelineTest {

    private final HoldTimeline timeline = new HoldTimeline();

    @Test
    void successiveObservationsBecomeIntervalsPerClusterAndIp() {
        timeline.record("a", Set.of("198.51.100.1", "198.51.100.2"), 10);
        timeline.record("a", Set.of("198.51.100.2"), 20);
        timeline.record("b", Set.of("198.51.100.1"), 25);
        timeline.record("a", Set.of("198.51.100.2"), 30);

        assertThat(timeline.intervals()).containsExactlyInAnyOrder(
                new HoldInterval("a", "198.51.100.1", 10, OptionalLong.of(20)),
                new HoldInterval("a", "198.51.100.2", 10, OptionalLong.empty()),
                new HoldInterval("b", "198.51.100.1", 25, OptionalLong.empty()));
        assertThat(timeline.held("a")).containsExactly("198.51.100.2");
        assertThat(timeline.held("unknown")).isEmpty();
    }

    @Test
    void holdersAtAnInstantShowAHandOverWithoutOverlap() {
        timeline.record("a", Set.of("198.51.100.10"), 100);
        timeline.record("a", Set.of(), 200);
        timeline.record("b", Set.of("198.51.100.10"), 250);

        assertThat(timeline.holders("198.51.100.10", 150)).containsExactly("a");
        assertThat(timeline.holders("198.51.100.10", 200)).isEmpty();
        assertThat(timeline.holders("198.51.100.10", 225)).isEmpty();
        assertThat(timeline.holders("198.51.100.10", 300)).containsExactly("b");
    }

    @Test
    void nextHoldWaitsForAHoldThatStartsAfterTheGivenInstant() {
        timeline.record("a", Set.of("198.51.100.3"), 10);

        assertThat(timeline.nextHold("a", "198.51.100.3", 0)).isCompletedWithValue(
                new HoldInterval("a", "198.51.100.3", 10, OptionalLong.empty()));
        CompletableFuture<HoldInterval> again = timeline.nextHold("a", "198.51.100.3", 15);
        CompletableFuture<HoldInterval> elsewhere = timeline.nextHold("b", "198.51.100.3", 15);
        assertThat(again).isNotDone();

        timeline.record("a", Set.of(), 20);
        assertThat(again).isNotDone();
        timeline.record("a", Set.of("198.51.100.3"), 42);

        assertThat(again).isCompletedWithValue(new HoldInterval("a", "198.51.100.3", 42, OptionalLong.empty()));
        assertThat(elsewhere).isNotDone();
    }
}
