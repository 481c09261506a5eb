package io.egressfed.e2e.failover;

import static io.egressfed.e2e.failover.FailoverLab.LEASE;
import static io.egressfed.e2e.failover.FailoverLab.LEASE_MARGIN;
import static io.egressfed.e2e.failover.FailoverLab.PATIENCE;
import static io.egressfed.e2e.failover.FailoverLab.PRIMARY;
import static io.egressfed.e2e.failover.FailoverLab.STANDBY;
import static io.egressfed.e2e.failover.FailoverLab.patiently;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.egressfed.e2e.failover.PlacementHistory.Change;
import io.egressfed.e2e.lab.dataplane.HoldInterval;
import io.egressfed.hub.coordinator.FailoverSettings;
import io.egressfed.testsupport.EtcdLauncher;
import io.egressfed.testsupport.RealEtcd;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cross-cluster failover of ActivePassive intents between two simulated cilium clusters with real
 * agents, a real hub and a real etcd (issue 6). Every claim is read from what the clusters' dataplanes
 * hold (the backend objects, as Cilium would act on them) and from the placement records the coordinator
 * commits, all on one monotonic clock. Failover times are printed, never compared with wall-clock bounds.
 */
@RealEtcd
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterFailoverTest {

    private static final String GATEWAY_AUTO = "dr-gateway-auto";
    private static final String GATEWAY_AUTO_IP = "198.51.100.20";
    private static final String CUT_MANUAL = "dr-cut-manual";
    private static final String CUT_MANUAL_IP = "198.51.100.21";
    private static final String CUT_LOCAL = "dr-cut-local";
    private static final String BY_HAND = "dr-by-hand";
    private static final String BY_HAND_IP = "198.51.100.22";
    /** Long enough for Auto failback to have acted, had it wanted to. */
    private static final Duration FAILBACK_WINDOW = FailoverSettings.DEFAULT_STABILIZATION.plusSeconds(2);

    private FailoverLab lab;
    private final List<String> created = new ArrayList<>();

    @BeforeAll
    void startLab(EtcdLauncher etcd, @TempDir Path directory) throws Exception {
        String intents = String.join("---\n",
                activePassive(GATEWAY_AUTO, GATEWAY_AUTO_IP, "Auto"),
                activePassive(CUT_MANUAL, CUT_MANUAL_IP, "Manual"),
                perCluster(CUT_LOCAL),
                activePassive(BY_HAND, BY_HAND_IP, "Auto"));
        lab = FailoverLab.start(etcd, directory, intents);
    }

    @AfterEach
    void restoreClustersAndDropIntents() {
        lab.reset();
        created.forEach(lab::deleteIfPresent);
        created.clear();
    }

    @AfterAll
    void stopLab() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void gatewayFailureWithTheAgentReachableMovesToTheStandbyAfterTheWithdrawalAndAutoFailbackReturns() {
        create(GATEWAY_AUTO);
        lab.awaitActiveAndHeld(GATEWAY_AUTO, GATEWAY_AUTO_IP, PRIMARY);

        long failedAt = lab.failGateway(PRIMARY);
        lab.awaitActiveAndHeld(GATEWAY_AUTO, GATEWAY_AUTO_IP, STANDBY);

        Handover away = Handover.of(lab.observer().timeline(), GATEWAY_AUTO_IP, PRIMARY, STANDBY, failedAt);
        Withdrawal withdrawal = assertWithdrewBeforeActivating(GATEWAY_AUTO, PRIMARY, STANDBY);
        report("gateway failure -> standby holds", away.takenMillisAfter(failedAt), "%s stopped holding after %d ms; "
                + "hub WITHDRAWING -> ACTIVE(%s) %d ms (old agent ACKed its withdrawal)", PRIMARY,
                away.releasedMillisAfter(failedAt), STANDBY, withdrawal.millis());

        long restoredAt = lab.restoreGateway(PRIMARY);
        lab.awaitActiveAndHeld(GATEWAY_AUTO, GATEWAY_AUTO_IP, PRIMARY);

        Handover back = Handover.of(lab.observer().timeline(), GATEWAY_AUTO_IP, STANDBY, PRIMARY, restoredAt);
        assertWithdrewBeforeActivating(GATEWAY_AUTO, STANDBY, PRIMARY);
        report("gateway restored -> failback Auto, preferred cluster holds", back.takenMillisAfter(restoredAt),
                "includes the %d s stabilization; %s released %d ms before %s took over",
                FailoverSettings.DEFAULT_STABILIZATION.toSeconds(), STANDBY, back.gapMillis(), PRIMARY);
    }

    @Test
    void unreachableAgentFencesItselfAndTheStandbyTakesOverOnlyAfterLeaseAndMarginAndManualFailbackStays()
            throws Exception {
        create(CUT_MANUAL);
        create(CUT_LOCAL);
        lab.awaitActiveAndHeld(CUT_MANUAL, CUT_MANUAL_IP, PRIMARY);
        String localIp = lab.allocatedIp(CUT_LOCAL, PRIMARY);
        patiently().alias(PRIMARY + " holds its PerCluster address " + localIp)
                .until(() -> lab.observer().held(PRIMARY).contains(localIp));

        long cutAt = lab.cut(PRIMARY);
        lab.awaitActiveAndHeld(CUT_MANUAL, CUT_MANUAL_IP, STANDBY);

        Handover away = Handover.of(lab.observer().timeline(), CUT_MANUAL_IP, PRIMARY, STANDBY, cutAt);
        assertThat(away.releasedAt()).as("%s held %s until the cut, then fenced itself", PRIMARY, CUT_MANUAL_IP)
                .isGreaterThanOrEqualTo(cutAt);
        long leaseRunOut = cutAt + LEASE.plus(LEASE_MARGIN).toNanos();
        assertThat(away.takenAt())
                .as("%s may hold %s only once lease + margin have passed since the cut", STANDBY, CUT_MANUAL_IP)
                .isGreaterThanOrEqualTo(leaseRunOut);
        Withdrawal withdrawal = assertWithdrewBeforeActivating(CUT_MANUAL, PRIMARY, STANDBY);
        report("agent unreachable -> standby holds", away.takenMillisAfter(cutAt), "%s fenced itself %d ms after "
                + "the cut (lease %d ms); hub WITHDRAWING -> ACTIVE(%s) %d ms (timeout path, lease + margin %d ms)",
                PRIMARY, away.releasedMillisAfter(cutAt), LEASE.toMillis(), STANDBY, withdrawal.millis(),
                LEASE.plus(LEASE_MARGIN).toMillis());

        lab.heal(PRIMARY);
        patiently().alias(PRIMARY + " reconnected and healthy for " + CUT_MANUAL)
                .until(() -> lab.healthyFor(PRIMARY, CUT_MANUAL));
        long healthyAgain = lab.clock.getAsLong();
        assertHeldThroughout(PRIMARY, localIp, cutAt, healthyAgain);
        stillOn(CUT_MANUAL, CUT_MANUAL_IP, STANDBY, PRIMARY);
        assertThat(lab.placements().of(CUT_MANUAL)).as("placements after %s was healthy again (failback Manual)",
                PRIMARY).filteredOn(c -> c.atNanos() >= healthyAgain).noneMatch(c -> c.withdrawing(STANDBY));

        long askedAt = lab.clock.getAsLong();
        HttpResponse<String> moved = lab.failover(CUT_MANUAL, PRIMARY);
        assertThat(moved.statusCode()).as("manual failover answer: %s", moved.body()).isEqualTo(200);
        lab.awaitActiveAndHeld(CUT_MANUAL, CUT_MANUAL_IP, PRIMARY);
        Handover back = Handover.of(lab.observer().timeline(), CUT_MANUAL_IP, STANDBY, PRIMARY, askedAt);
        assertWithdrewBeforeActivating(CUT_MANUAL, STANDBY, PRIMARY);
        report("failback Manual: stayed on " + STANDBY + "; manual failover back -> " + PRIMARY + " holds",
                back.takenMillisAfter(askedAt), "%s released %d ms before %s took over", STANDBY, back.gapMillis(),
                PRIMARY);
    }

    @Test
    void manualFailoverMovesTheIntentWithoutOverlapAndPinsItAgainstAutoFailback() throws Exception {
        create(BY_HAND);
        lab.awaitActiveAndHeld(BY_HAND, BY_HAND_IP, PRIMARY);

        HttpResponse<String> refused = lab.failover(BY_HAND, "dr-nowhere");
        assertThat(refused.statusCode()).as("failover to a non-candidate: %s", refused.body()).isEqualTo(400);
        assertThat(refused.body()).contains("toCluster");

        long askedAt = lab.clock.getAsLong();
        HttpResponse<String> moved = lab.failover(BY_HAND, STANDBY);
        assertThat(moved.statusCode()).as("manual failover answer: %s", moved.body()).isEqualTo(200);
        lab.awaitActiveAndHeld(BY_HAND, BY_HAND_IP, STANDBY);

        Handover handover = Handover.of(lab.observer().timeline(), BY_HAND_IP, PRIMARY, STANDBY, askedAt);
        Withdrawal withdrawal = assertWithdrewBeforeActivating(BY_HAND, PRIMARY, STANDBY);
        assertThat(lab.placements().current(BY_HAND)).get().extracting(c -> c.decision().getPinnedCluster())
                .isEqualTo(STANDBY);
        report("manual failover -> standby holds", handover.takenMillisAfter(askedAt), "%s released %d ms before "
                + "%s took over; hub WITHDRAWING -> ACTIVE(%s) %d ms", PRIMARY, handover.gapMillis(), STANDBY, STANDBY,
                withdrawal.millis());

        assertThat(lab.healthyFor(PRIMARY, BY_HAND)).as("the preferred cluster is healthy: %s",
                lab.describe(PRIMARY)).isTrue();
        stillOn(BY_HAND, BY_HAND_IP, STANDBY, PRIMARY);
        assertThat(lab.placements().of(BY_HAND)).as("placements after the manual failover (pinned, Auto failback)")
                .filteredOn(c -> c.atNanos() >= handover.takenAt()).noneMatch(c -> c.withdrawing(STANDBY));
    }

    /**
     * The coordinator's commits for one move.
     *
     * @param withdrawing the WITHDRAWING record
     * @param activated   the ACTIVE record on the new cluster
     */
    private record Withdrawal(Change withdrawing, Change activated) {
        long millis() {
            return Math.round((activated.atNanos() - withdrawing.atNanos()) / 1e6);
        }
    }

    /**
     * Asserts the protocol of the newest move of {@code intent} to {@code to}: ACTIVE on {@code from}, then
     * WITHDRAWING with {@code from} fenced, then ACTIVE on {@code to}, with increasing epochs and nothing
     * active in between; and that no record of the intent ever went from one active cluster to another.
     */
    private Withdrawal assertWithdrewBeforeActivating(String intent, String from, String to) {
        List<Change> history = lab.placements().of(intent);
        for (int i = 1; i < history.size(); i++) {
            Change before = history.get(i - 1);
            Change after = history.get(i);
            assertThat(after.decision().getEpoch()).as("epochs of %s never go back: %s", intent, history)
                    .isGreaterThanOrEqualTo(before.decision().getEpoch());
            assertThat(after.decision().getActiveClustersCount()).as("%s is active in one cluster at most", intent)
                    .isLessThanOrEqualTo(1);
            boolean directMove = before.decision().getActiveClustersCount() > 0
                    && after.decision().getActiveClustersCount() > 0
                    && !before.decision().getActiveClustersList().equals(after.decision().getActiveClustersList());
            assertThat(directMove).as("%s moved from active to active without a withdrawal: %s -> %s", intent,
                    before, after).isFalse();
        }
        int activated = lastIndex(history, history.size(), c -> c.activeOn(to));
        int withdrawing = lastIndex(history, activated, c -> c.withdrawing(from));
        int wasActive = lastIndex(history, withdrawing, c -> c.activeOn(from));
        assertThat(List.of(activated, withdrawing, wasActive))
                .as("ACTIVE(%s) -> WITHDRAWING(%s) -> ACTIVE(%s) in %s", from, from, to, history)
                .allMatch(index -> index >= 0);
        assertThat(history.get(withdrawing).decision().getEpoch())
                .isGreaterThan(history.get(wasActive).decision().getEpoch());
        assertThat(history.get(activated).decision().getEpoch())
                .isGreaterThan(history.get(withdrawing).decision().getEpoch());
        return new Withdrawal(history.get(withdrawing), history.get(activated));
    }

    private static int lastIndex(List<Change> history, int before, Predicate<Change> matching) {
        for (int i = Math.min(before, history.size()) - 1; i >= 0; i--) {
            if (matching.test(history.get(i))) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Asserts that one hold of {@code ip} by {@code cluster} spans the whole of [from, to]: a PerCluster
     * assignment ignores leases, so neither the cut nor the reconnection may interrupt it.
     */
    private void assertHeldThroughout(String cluster, String ip, long from, long to) {
        List<HoldInterval> holds = lab.observer().timeline().intervals().stream()
                .filter(i -> i.cluster().equals(cluster) && i.ip().equals(ip)).toList();
        assertThat(holds)
                .as("%s's holds of its PerCluster address %s across the cut and the reconnection", cluster, ip)
                .anyMatch(i -> i.fromNanos() <= from && i.toNanos().orElse(Long.MAX_VALUE) >= to);
    }

    /**
     * Waits a failback window with {@code ip} held by {@code holder} only and {@code intent} active there;
     * the placement history then shows whether anything moved in between.
     */
    private void stillOn(String intent, String ip, String holder, String other) {
        await().during(FAILBACK_WINDOW).atMost(FAILBACK_WINDOW.plus(PATIENCE)).pollInterval(Duration.ofMillis(100))
                .alias(intent + " stays on " + holder)
                .until(() -> lab.placements().activeOn(intent, holder) && lab.observer().held(holder).contains(ip)
                        && !lab.observer().held(other).contains(ip));
        Handover.assertNeverHeldByTwo(lab.observer().timeline(), ip);
    }

    private void create(String intent) {
        created.add(intent);
        lab.create(intent);
    }

    private static void report(String what, long millis, String detailFormat, Object... details) {
        // One println, so that the line is not interleaved with the lab's log output.
        System.out.println("[failover] " + what + ": " + millis + " ms (" + String.format(detailFormat, details) + ")");
    }

    private static String activePassive(String name, String address, String failback) {
        return """
                apiVersion: egressfed.io/v1alpha1
                kind: EgressIntent
                metadata:
                  name: %1$s
                spec:
                  workloads:
                    namespaceSelector:
                      matchLabels:
                        team: dr
                    podSelector:
                      matchLabels:
                        app: %1$s
                  destinations:
                    cidrs:
                      - 203.0.113.0/24
                  egressIP:
                    pool: %2$s
                    address: %3$s
                  placement:
                    clusterSelector:
                      matchLabels:
                        region: eu
                    mode: ActivePassive
                    preference:
                      - %4$s
                      - %5$s
                    failback: %6$s
                """.formatted(name, FailoverLab.POOL, address, PRIMARY, STANDBY, failback);
    }

    private static String perCluster(String name) {
        return """
                apiVersion: egressfed.io/v1alpha1
                kind: EgressIntent
                metadata:
                  name: %1$s
                spec:
                  workloads:
                    namespaceSelector:
                      matchLabels:
                        team: dr
                    podSelector:
                      matchLabels:
                        app: %1$s
                  destinations:
                    cidrs:
                      - 198.18.0.0/24
                  egressIP:
                    pool: %2$s
                  placement:
                    clusterSelector:
                      matchLabels:
                        region: eu
                    mode: PerCluster
                """.formatted(name, FailoverLab.POOL);
    }
}
