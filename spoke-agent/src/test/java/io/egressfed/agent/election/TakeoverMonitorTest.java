package io.egressfed.agent.election;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.egressfed.agent.lease.LeaseGrantReceiver;
import io.egressfed.api.v1alpha1.LeaseGrant;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The monitor between the hub link and the lease keeper: what moves the gauge and what does not. */
class TakeoverMonitorTest {

    /** Takeover 4s + 1s = 5s. */
    private static final LeaderElectionSettings ELECTION = new LeaderElectionSettings("egressfed-system",
            "egressfed-agent", "agent-0", Duration.ofSeconds(4), Duration.ofSeconds(3), Duration.ofSeconds(1));

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final List<LeaseGrant> received = new CopyOnWriteArrayList<>();

    @Test
    void theGaugeExistsAtZeroBeforeAnyGrant() {
        new TakeoverMonitor(registry, Optional.of(ELECTION));

        assertThat(gauge()).isZero();
    }

    @Test
    void withoutLeaderElectionThereIsNoStandbyAndTheGaugeStaysZero() {
        TakeoverMonitor monitor = new TakeoverMonitor(registry, Optional.empty());

        monitor.watching(received::add).grant(grant(Duration.ofSeconds(2)));

        assertThat(gauge()).isZero();
        assertThat(received).as("the grant still reaches the keeper").hasSize(1);
    }

    @Test
    void aGrantTheKeeperRefusesIsNotChecked() {
        TakeoverMonitor monitor = new TakeoverMonitor(registry, Optional.of(ELECTION));
        LeaseGrantReceiver refusing = grant -> {
            throw new IllegalArgumentException("lease.lease_duration: missing");
        };

        assertThatThrownBy(() -> monitor.watching(refusing).grant(grant(Duration.ofSeconds(2))))
                .hasMessage("lease.lease_duration: missing");
        assertThat(gauge()).isZero();
    }

    @Test
    void aFailoverDelayThatIsNotPositiveLeavesTheGaugeAsItWas() {
        TakeoverMonitor monitor = new TakeoverMonitor(registry, Optional.of(ELECTION));
        LeaseGrantReceiver receiver = monitor.watching(received::add);
        receiver.grant(grant(Duration.ofSeconds(5)));

        receiver.grant(grant(Duration.ofSeconds(-1)));

        assertThat(gauge()).isEqualTo(1);
        assertThat(received).hasSize(2);
    }

    private double gauge() {
        return registry.scrape().stream()
                .filter(family -> family.getMetadata().getPrometheusName()
                        .equals(TakeoverMonitor.TAKEOVER_EXCEEDS_FAILOVER))
                .flatMap(family -> family.getDataPoints().stream())
                .mapToDouble(point -> ((GaugeSnapshot.GaugeDataPointSnapshot) point).getValue())
                .findFirst().orElseThrow(() -> new AssertionError("no " + TakeoverMonitor.TAKEOVER_EXCEEDS_FAILOVER));
    }

    private static LeaseGrant grant(Duration failoverAfter) {
        return LeaseGrant.newBuilder()
                .setLeaseDuration(com.google.protobuf.Duration.newBuilder().setSeconds(5))
                .setFailoverAfter(com.google.protobuf.Duration.newBuilder().setSeconds(failoverAfter.getSeconds()))
                .build();
    }
}
