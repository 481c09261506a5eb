package io.egressfed.agent.election;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The takeover of a standby replica against the hub's failover delay: when it is safe, and what to change. */
class TakeoverCheckTest {

    @Test
    void theChartDefaultsAreSafe() {
        // Agent chart: 4s + 1s; hub chart: 5s + 3s.
        TakeoverCheck check = new TakeoverCheck(seconds(4), seconds(1), seconds(8));

        assertThat(check.takeover()).isEqualTo(seconds(5));
        assertThat(check.safe()).isTrue();
        assertThat(check.confirmation()).isEqualTo("Agent takeover (5s) is shorter than the hub's failover delay (8s)");
    }

    @Test
    void aTakeoverEqualToTheFailoverDelayIsUnsafe() {
        // A standby that holds the Lease just as the hub may activate another cluster fences too late.
        assertThat(new TakeoverCheck(seconds(4), seconds(1), seconds(5)).safe()).isFalse();
        assertThat(new TakeoverCheck(seconds(4), Duration.ofMillis(999), seconds(5)).safe()).isTrue();
    }

    @Test
    void theBinaryDefaultsAgainstTheHubDefaultsAreSafe() {
        // egressfed-agent --leader-elect alone: 4s + 1s; egressfed-hub alone: 5s + 1s.
        assertThat(TakeoverCheck.of(LeaderElectionSettings.of("egressfed-system", "agent-0"), seconds(6)).safe())
                .isTrue();
    }

    @Test
    void kubernetesStyleTimingAgainstTheHubDefaultsIsUnsafeAndTheWarningNamesBothValuesAndEveryFlag() {
        // client-go's usual 15s / 10s / 2s against egressfed-hub's defaults (5s + 1s).
        TakeoverCheck check = new TakeoverCheck(seconds(15), seconds(2), seconds(6));

        assertThat(check.safe()).isFalse();
        assertThat(check.warning())
                .startsWith("Agent takeover (17s = --leader-election-lease-duration 15s + --leader-election-retry-period"
                        + " 2s) is not shorter than the hub's failover delay (6s = --lease-duration + --lease-margin)")
                .contains("leaderElection.leaseDuration", "leaderElection.retryPeriod")
                .contains("--lease-margin", "--lease-duration", "hub.leaseMargin", "hub.leaseDuration");
    }

    @Test
    void fractionsOfSecondsAreShownAsTheFlagsTakeThem() {
        TakeoverCheck check = new TakeoverCheck(Duration.ofMillis(4500), Duration.ofMillis(1250), seconds(5));

        assertThat(check.warning()).startsWith("Agent takeover (5.75s = --leader-election-lease-duration 4.5s"
                + " + --leader-election-retry-period 1.25s) is not shorter than the hub's failover delay (5s");
    }

    @Test
    void aFailoverDelayThatIsNotPositiveIsRefusedNamingTheField() {
        assertThatThrownBy(() -> new TakeoverCheck(seconds(4), seconds(1), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("lease.failover_after: must be positive, got PT0S");
        assertThatThrownBy(() -> new TakeoverCheck(seconds(4), seconds(1), seconds(-3)))
                .hasMessage("lease.failover_after: must be positive, got PT-3S");
    }

    private static Duration seconds(long seconds) {
        return Duration.ofSeconds(seconds);
    }
}
