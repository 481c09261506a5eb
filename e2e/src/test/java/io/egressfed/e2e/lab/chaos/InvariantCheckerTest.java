package io.egressfed.e2e.lab.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InvariantCheckerTest {

    private static final long S = 1_000_000_000L;
    private static final String IP = "198.18.0.1";

    private final InvariantChecker checker = new InvariantChecker();

    @Test
    void aCleanHistoryWithAFailoverPasses() {
        ChaosHistory history = new ChaosHistory(0,
                List.of(hold("a", IP, "a-node-0", 1, 5), hold("b", IP, "b-node-0", 6, 20),
                        hold("a", "198.18.0.2", "a-node-0", 1, 20), hold("b", "198.18.0.3", "b-node-0", 1, 20)),
                List.of(snapshot(allocations()), snapshot(allocations())),
                List.of(new AdminWrite("intents", "ledger", "w1", true), new AdminWrite("intents", "ledger", "w2", true)),
                List.of(new StoredObject("intents", "ledger", Optional.of("w2"))),
                intents(),
                List.of(cluster("a", Set.of("198.18.0.2")), cluster("b", Set.of(IP, "198.18.0.3"))));

        assertThat(checker.check(history)).isEmpty();
        assertThat(Failovers.of(history.holds())).isEqualTo(new Failovers(1, S));
    }

    @Test
    void twoClustersHoldingOneIpAtOnceIsReportedWithTheIpTheClustersTheStartAndTheLength() {
        List<Overlap> overlaps = checker.overlaps(List.of(hold("a", IP, "a-node-0", 1, 5),
                hold("b", IP, "b-node-0", 4, 9)));

        assertThat(overlaps).containsExactly(new Overlap(IP, Set.of("a", "b"), 4 * S, S));
        assertThat(overlaps.get(0).violation(0).toString())
                .isEqualTo("single-holder: 198.18.0.1 held by a and b at once from t=4.000 s for 1.000 s");
    }

    @Test
    void holdsThatTouchOrBelongToOneClusterOnTwoNodesDoNotOverlap() {
        assertThat(checker.overlaps(List.of(hold("a", IP, "a-node-0", 1, 5), hold("b", IP, "b-node-0", 5, 9),
                hold("b", IP, "b-node-1", 6, 9)))).isEmpty();
    }

    @Test
    void anOverlapOfThreeClustersIsOneSpanNamingAllThree() {
        List<Overlap> overlaps = checker.overlaps(List.of(hold("a", IP, "n", 0, 10), hold("b", IP, "n", 2, 4),
                hold("c", IP, "n", 3, 6)));

        assertThat(overlaps).containsExactly(new Overlap(IP, Set.of("a", "b", "c"), 2 * S, 4 * S));
    }

    @Test
    void anAddressThatChangesOwnerOrAnOwnerWithTwoAddressesIsADoubleAllocation() {
        List<Violation> changed = checker.doubleAllocations(List.of(
                snapshot(List.of(new AllocationRecord(IP, "pool", "ledger", ""))),
                snapshot(List.of(new AllocationRecord(IP, "pool", "payments", "a")))));
        List<Violation> twice = checker.doubleAllocations(List.of(snapshot(List.of(
                new AllocationRecord(IP, "pool", "ledger", ""), new AllocationRecord("198.18.0.9", "pool", "ledger", "")))));

        assertThat(changed).extracting(Violation::toString)
                .containsExactly("single-allocation: 198.18.0.1 allocated to ledger, later to payments/a"
                        + " (nothing was deleted)");
        assertThat(twice).extracting(Violation::toString)
                .containsExactly("single-allocation: ledger allocated 2 addresses at once: 198.18.0.1, 198.18.0.9");
    }

    @Test
    void anAcknowledgedWriteThatIsMissingOrOverwrittenByAnOlderOneIsLost() {
        List<AdminWrite> writes = List.of(new AdminWrite("intents", "ledger", "w1", true),
                new AdminWrite("intents", "ledger", "w2", true), new AdminWrite("pools", "p", "w3", true));

        List<Violation> violations = checker.lostWrites(writes,
                List.of(new StoredObject("intents", "ledger", Optional.of("w1"))));

        assertThat(violations).extracting(Violation::toString).containsExactly(
                "no-lost-write: intents/ledger holds write w1 at the end, but the last acknowledged write was w2",
                "no-lost-write: pools/p is missing at the end, but write w3 of it was acknowledged");
    }

    @Test
    void aLaterUnacknowledgedWriteMayWinButNotAnEarlierOne() {
        List<AdminWrite> writes = List.of(new AdminWrite("intents", "ledger", "w1", false),
                new AdminWrite("intents", "ledger", "w2", true), new AdminWrite("intents", "ledger", "w3", false));

        assertThat(checker.lostWrites(writes, List.of(new StoredObject("intents", "ledger", Optional.of("w3")))))
                .isEmpty();
        assertThat(checker.lostWrites(writes, List.of(new StoredObject("intents", "ledger", Optional.of("w1")))))
                .extracting(Violation::invariant).containsExactly(Invariant.NO_LOST_WRITE);
        assertThat(checker.lostWrites(List.of(new AdminWrite("intents", "x", "w9", false)), List.of())).isEmpty();
    }

    @Test
    void anActivePassiveIntentHeldTwiceOrByNobodyOrByAnUnhealthyClusterHasNotConverged() {
        List<IntentState> ledgerOnly = List.of(intents().get(0));

        assertThat(checker.convergence(ledgerOnly, List.of(cluster("a", Set.of(IP)), cluster("b", Set.of(IP)))))
                .extracting(Violation::toString).containsExactly("convergence: ActivePassive intent ledger"
                        + " (198.18.0.1) is held by a and b, expected exactly one");
        assertThat(checker.convergence(ledgerOnly, List.of(cluster("a", Set.of()), cluster("b", Set.of()))))
                .extracting(Violation::toString).containsExactly("convergence: ActivePassive intent ledger"
                        + " (198.18.0.1) is held by no cluster, expected exactly one");
        assertThat(checker.convergence(ledgerOnly, List.of(new ClusterState("a", false, true, 3, 3, Set.of(IP)),
                cluster("b", Set.of())))).extracting(Violation::toString).containsExactly("convergence:"
                        + " ActivePassive intent ledger (198.18.0.1) is held by a, which is not healthy");
    }

    @Test
    void aMissingPerClusterHoldOrAnUnackedConfigHasNotConverged() {
        List<IntentState> paymentsOnly = List.of(intents().get(1));

        List<Violation> violations = checker.convergence(paymentsOnly, List.of(cluster("a", Set.of("198.18.0.2")),
                new ClusterState("b", true, true, 7, 6, Set.of()), new ClusterState("c", true, false, 0, 0, Set.of())));

        assertThat(violations).extracting(Violation::toString).containsExactly(
                "convergence: b ACKed config v6, the hub holds v7",
                "convergence: the agent of c is not connected",
                "convergence: PerCluster intent payments: b does not hold 198.18.0.3");
    }

    private static List<AllocationRecord> allocations() {
        return List.of(new AllocationRecord(IP, "pool", "ledger", ""),
                new AllocationRecord("198.18.0.2", "pool", "payments", "a"),
                new AllocationRecord("198.18.0.3", "pool", "payments", "b"));
    }

    private static List<IntentState> intents() {
        List<AllocationRecord> all = allocations();
        return List.of(new IntentState("ledger", true, Set.of("a", "b"), all.subList(0, 1)),
                new IntentState("payments", false, Set.of("a", "b"), all.subList(1, 3)));
    }

    private static ClusterState cluster(String name, Set<String> held) {
        return new ClusterState(name, true, true, 3, 3, held);
    }

    private static AllocationSnapshot snapshot(List<AllocationRecord> records) {
        return new AllocationSnapshot(0, records);
    }

    private static Hold hold(String cluster, String ip, String node, long fromSeconds, long toSeconds) {
        return new Hold(cluster, ip, node, fromSeconds * S, toSeconds * S);
    }
}
