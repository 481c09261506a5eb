package io.egressfed.agent.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.egressfed.agent.apply.ApplyOutcome;
import io.egressfed.agent.apply.FileAppliedVersionStore;
import io.egressfed.agent.election.LeaderElectionSettings;
import io.egressfed.agent.election.TakeoverMonitor;
import io.egressfed.agent.lease.DrivenTime;
import io.egressfed.agent.lease.LeaseKeeper;
import io.egressfed.api.envelope.Ed25519KeyPair;
import io.egressfed.api.pki.BootstrapToken;
import io.egressfed.api.v1alpha1.LeaseGrant;
import io.egressfed.api.v1alpha1.LeasedAssignment;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lease grants on the hub stream carry the hub's failover delay; an elected agent compares it with its
 * takeover and says so on {@value TakeoverMonitor#TAKEOVER_EXCEEDS_FAILOVER}, while its leases keep working.
 */
class LinkTakeoverCheckTest {

    private static final String EU = "eu-west-1";
    private static final BootstrapToken TOKEN = new BootstrapToken("abcdef", "0123456789abcdef");
    /** The agent chart's timing: a standby takes over within 4s + 1s. */
    private static final LeaderElectionSettings ELECTION = new LeaderElectionSettings("egressfed-system",
            "egressfed-agent", "agent-0", Duration.ofSeconds(4), Duration.ofSeconds(3), Duration.ofSeconds(1));

    @TempDir
    Path work;
    private final FakeHub hub = new FakeHub();
    private final Ed25519KeyPair hubKey = Ed25519KeyPair.generate();
    private final InProcessHub inProcess = new InProcessHub(hub);
    private final ScheduledExecutorService scheduler = inProcess.scheduler();
    private final InProcessChannels channels = inProcess.channels();
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final DrivenTime time = new DrivenTime();
    private final LeaseKeeper leases = new LeaseKeeper(time, time);
    private HubLink link;
    private long markerEpoch;

    @BeforeEach
    void connect() throws Exception {
        inProcess.start();
        TakeoverMonitor takeover = new TakeoverMonitor(registry, Optional.of(ELECTION));
        link = new HubLink(HubLinkSettings.of(EU, hub.ca.pin(), List.of(hubKey.publicKey()))
                .withBackoff(Duration.ofMillis(20), Duration.ofMillis(200)).withBootstrapToken(TOKEN), channels,
                new DirectoryCredentialStore(work.resolve("credentials")),
                new FileAppliedVersionStore(work.resolve("applied"), scheduler),
                config -> CompletableFuture.completedFuture(ApplyOutcome.applied(config.getVersion())),
                takeover.watching(leases), Optional.empty(), Clock.systemUTC(), scheduler);
        link.start().join();
        await().atMost(Duration.ofSeconds(10)).until(() -> link.status().state() == LinkState.CONNECTED);
    }

    @AfterEach
    void stop() throws Exception {
        link.close();
        inProcess.close();
    }

    @Test
    void theGaugeFollowsTheHubsFailoverDelayAndGrantsWithoutItChangeNothing() {
        assertThat(gauge()).as("registered at 0").isZero();

        grantAndWait("pay", Optional.empty());
        assertThat(gauge()).as("a hub that predates failover_after").isZero();

        // A hub run with --lease-margin 0: it may activate another cluster 5s after its last grant.
        grantAndWait("ledger", Optional.of(Duration.ofSeconds(5)));
        assertThat(gauge()).isEqualTo(1);
        assertThat(leases.status("ledger", 1).live()).as("the lease is granted all the same").isTrue();
        assertThat(link.status().state()).as("nothing is cut").isEqualTo(LinkState.CONNECTED);

        grantAndWait("pay", Optional.empty());
        assertThat(gauge()).as("a grant without the field keeps the last verdict").isEqualTo(1);

        // The hub chart's 5s + 3s.
        grantAndWait("pay", Optional.of(Duration.ofSeconds(8)));
        assertThat(gauge()).isZero();
    }

    /**
     * Sends a grant, then one more without the field, and waits until the second is kept: grants are
     * handled in order, so the first has been checked by then.
     */
    private void grantAndWait(String intent, Optional<Duration> failoverAfter) {
        LeaseGrant.Builder grant = grant(intent, 1);
        failoverAfter.ifPresent(delay -> grant.setFailoverAfter(
                com.google.protobuf.Duration.newBuilder().setSeconds(delay.getSeconds())));
        hub.lastStream().grant(grant.build());
        long marker = ++markerEpoch;
        hub.lastStream().grant(grant("marker", marker).build());
        await().atMost(Duration.ofSeconds(10)).until(() -> leases.status("marker", marker).live());
    }

    private static LeaseGrant.Builder grant(String intent, long epoch) {
        return LeaseGrant.newBuilder()
                .setLeaseDuration(com.google.protobuf.Duration.newBuilder().setSeconds(5))
                .addAssignments(LeasedAssignment.newBuilder().setIntent(intent).setEpoch(epoch));
    }

    private double gauge() {
        return registry.scrape().stream()
                .filter(family -> family.getMetadata().getPrometheusName()
                        .equals(TakeoverMonitor.TAKEOVER_EXCEEDS_FAILOVER))
                .flatMap(family -> family.getDataPoints().stream())
                .mapToDouble(point -> ((GaugeSnapshot.GaugeDataPointSnapshot) point).getValue())
                .findFirst().orElseThrow(() -> new AssertionError("no " + TakeoverMonitor.TAKEOVER_EXCEEDS_FAILOVER));
    }
}
