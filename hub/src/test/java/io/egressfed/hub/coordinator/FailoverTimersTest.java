package io.egressfed.hub.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** When a withdrawal's wait starts, and what a new coordinator knows of withdrawals it did not commit. */
class FailoverTimersTest {

    private final AtomicLong nanos = new AtomicLong(5_000_000_000L);
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final FailoverTimers timers = new FailoverTimers(scheduler, nanos::get, () -> { });

    @AfterEach
    void stop() {
        timers.close();
        scheduler.shutdownNow();
    }

    @Test
    void aWithdrawalThisCoordinatorCommittedIsTimedFromTheCommit() {
        timers.committed("ledger", 2, List.of("a"), FailoverReason.UNHEALTHY);
        nanos.addAndGet(3_000_000_000L);

        assertThat(timers.withdrawal("ledger", 2, List.of("a")).sinceNanos()).isEqualTo(5_000_000_000L);
        assertThat(timers.awaitsAck("a")).isTrue();
        assertThat(timers.awaitsAck("b")).isFalse();
    }

    @Test
    void aNewCoordinatorRestartsTheWaitFromWhenItFirstSeesTheRecord() {
        FailoverTimers restarted = new FailoverTimers(scheduler, nanos::get, () -> { });
        nanos.addAndGet(9_000_000_000L);

        Withdrawal first = restarted.withdrawal("ledger", 2, List.of("a"));
        nanos.addAndGet(1_000_000_000L);
        Withdrawal later = restarted.withdrawal("ledger", 2, List.of("a"));

        assertThat(first.sinceNanos()).isEqualTo(14_000_000_000L);
        assertThat(later.sinceNanos()).as("the wait is not restarted by every pass").isEqualTo(first.sinceNanos());
        assertThat(first.fencedVersions()).as("no fast path until its FENCED version is published").isEmpty();
    }

    @Test
    void theFirstPublishedFencedVersionIsKeptAndForgottenWithTheWithdrawal() {
        timers.committed("ledger", 2, List.of("a"), FailoverReason.MANUAL);

        assertThat(timers.fencedPublished("ledger", 2, "a", 7)).isTrue();
        assertThat(timers.fencedPublished("ledger", 2, "a", 8)).isFalse();
        assertThat(timers.withdrawal("ledger", 2, List.of("a")).fencedVersions()).isEqualTo(Map.of("a", 7L));

        timers.retain(Map.of());

        assertThat(timers.awaitsAck("a")).isFalse();
        assertThat(timers.withdrawal("ledger", 2, List.of("a")).fencedVersions()).isEmpty();
    }
}
