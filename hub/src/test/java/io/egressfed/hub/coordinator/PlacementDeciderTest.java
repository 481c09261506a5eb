package io.egressfed.hub.coordinator;

import static io.egressfed.hub.state.Resources.activePassive;
import static io.egressfed.hub.state.Resources.cluster;
import static io.egressfed.hub.state.Resources.labels;
import static io.egressfed.hub.state.Resources.perCluster;
import static io.egressfed.hub.state.Resources.pool;
import static org.assertj.core.api.Assertions.assertThat;

import io.egressfed.api.v1alpha1.Backend;
import io.egressfed.api.v1alpha1.EgressIPPool;
import io.egressfed.api.v1alpha1.EgressIntent;
import io.egressfed.api.v1alpha1.Failback;
import io.egressfed.api.v1alpha1.MemberCluster;
import io.egressfed.api.v1alpha1.PlacementDecision;
import io.egressfed.hub.coordinator.PlacementStep.Kind;
import io.egressfed.hub.link.LiveStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The placement decision table of FAILOVER_PROTOCOL.md, one row per situation. */
class PlacementDeciderTest {

    static final String INTENT = "ledger";
    static final long SECOND = 1_000_000_000L;
    /** An arbitrary origin of the monotonic clock, far from 0 to catch arithmetic that assumes 0. */
    static final long T0 = 7_000 * SECOND;
    static final FailoverSettings SETTINGS = new FailoverSettings(Duration.ofSeconds(5), Duration.ofSeconds(1),
            Duration.ofSeconds(3));
    static final long TIMEOUT = 6 * SECOND;
    static final Map<String, EgressIPPool> POOLS = Map.of(
            "eu-public", pool("eu-public", labels("region", "eu"), "198.51.100.0/28"));
    static final Map<String, MemberCluster> CLUSTERS = Map.of(
            "a", cluster("a", Backend.BACKEND_KUBE_VIP, "region", "eu"),
            "b", cluster("b", Backend.BACKEND_KUBE_VIP, "region", "eu"),
            "c", cluster("c", Backend.BACKEND_KUBE_VIP, "region", "eu"),
            "us", cluster("us", Backend.BACKEND_KUBE_VIP, "region", "us"));

    private final PlacementDecider decider = new PlacementDecider();

    /** One row: the situation, and what the decider must answer. */
    record Row(String name, Failback failback, PlacementDecision current, Map<String, LiveStatus> agents,
               Map<String, Long> stableSince, Withdrawal withdrawal, long now, Expect expect) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** The expected step; {@code null} fields are not checked. */
    record Expect(Kind kind, List<String> active, List<String> fenced, String target, String pinned, Long epoch,
                  FailoverReason reason, Long wakeAt) {
    }

    static Stream<Arguments> table() {
        Withdrawal fencedV7Since0 = new Withdrawal(T0, Map.of("a", 7L));
        return Stream.of(
                row("first placement with nobody healthy goes straight to ACTIVE on the most preferred",
                        null, agents(), write(Kind.ACTIVATE, List.of("a"), List.of(), 1L)),
                row("first placement skips an unhealthy preferred cluster",
                        null, agents(Agents.unhealthy("a", INTENT, 0), Agents.healthy("b", 0)),
                        write(Kind.ACTIVATE, List.of("b"), List.of(), 1L)),
                row("a manual failover recorded before any placement activates the pinned cluster",
                        record().setPinnedCluster("c").build(), agents(Agents.healthy("a", 0), Agents.healthy("c", 0)),
                        new Expect(Kind.ACTIVATE, List.of("c"), List.of(), null, "c", 1L, null, null)),
                row("a healthy active cluster stays", active("a", 4), agents(Agents.healthy("a", 1)), keep()),
                row("an unhealthy active cluster is withdrawn toward the first healthy candidate",
                        active("a", 4), agents(Agents.unhealthy("a", INTENT, 1), Agents.unhealthy("b", INTENT, 1),
                                Agents.healthy("c", 1)),
                        new Expect(Kind.WITHDRAW, List.of(), List.of("a"), "c", "", 5L, FailoverReason.UNHEALTHY, null)),
                row("a disconnected active cluster is withdrawn",
                        active("a", 4), agents(Agents.disconnected("a", 1), Agents.healthy("b", 1)),
                        new Expect(Kind.WITHDRAW, List.of(), List.of("a"), "b", "", 5L, FailoverReason.UNHEALTHY, null)),
                row("an unhealthy active cluster stays when no candidate is healthy",
                        active("a", 4), agents(Agents.disconnected("a", 1), Agents.unhealthy("b", INTENT, 1)), keep()),
                row("an active cluster that is no longer a candidate is withdrawn, never replaced directly",
                        active("us", 2), agents(Agents.healthy("b", 1)),
                        new Expect(Kind.WITHDRAW, List.of(), List.of("us"), "b", "", 3L, FailoverReason.NOT_CANDIDATE,
                                null)),
                row("fast path: the withdrawn cluster ACKed the version that fenced it",
                        withdrawing("a", "b", 5), agents(Agents.unhealthy("a", INTENT, 7), Agents.healthy("b", 3)),
                        fencedV7Since0, T0 + SECOND, write(Kind.ACTIVATE, List.of("b"), List.of(), 6L)),
                row("fast path: an ACK of a later version counts too",
                        withdrawing("a", "b", 5), agents(Agents.unhealthy("a", INTENT, 9), Agents.healthy("b", 3)),
                        fencedV7Since0, T0 + SECOND, write(Kind.ACTIVATE, List.of("b"), List.of(), 6L)),
                row("an ACK of an older version waits for the lease + margin deadline",
                        withdrawing("a", "b", 5), agents(Agents.unhealthy("a", INTENT, 6), Agents.healthy("b", 3)),
                        fencedV7Since0, T0 + SECOND, waitUntil(T0 + TIMEOUT)),
                row("no fast path before the fencing version is known",
                        withdrawing("a", "b", 5), agents(Agents.unhealthy("a", INTENT, 99), Agents.healthy("b", 3)),
                        Withdrawal.since(T0), T0 + SECOND, waitUntil(T0 + TIMEOUT)),
                row("timeout path: one nanosecond before lease + margin it still waits",
                        withdrawing("a", "b", 5), agents(Agents.disconnected("a", 1), Agents.healthy("b", 3)),
                        fencedV7Since0, T0 + TIMEOUT - 1, waitUntil(T0 + TIMEOUT)),
                row("timeout path: at lease + margin the target is activated",
                        withdrawing("a", "b", 5), agents(Agents.disconnected("a", 1), Agents.healthy("b", 3)),
                        fencedV7Since0, T0 + TIMEOUT, write(Kind.ACTIVATE, List.of("b"), List.of(), 6L)),
                row("a coordinator that just found the record waits from its own start, whatever decided_at says",
                        withdrawing("a", "b", 5).toBuilder().setDecidedAt(com.google.protobuf.util.Timestamps
                                .fromSeconds(0)).build(),
                        agents(Agents.disconnected("a", 1), Agents.healthy("b", 3)),
                        Withdrawal.since(T0 + 100 * SECOND), T0 + 100 * SECOND, waitUntil(T0 + 100 * SECOND + TIMEOUT)),
                row("a target that turned unhealthy is replaced while waiting",
                        withdrawing("a", "b", 5), agents(Agents.disconnected("a", 1), Agents.unhealthy("b", INTENT, 3),
                                Agents.healthy("c", 3)),
                        fencedV7Since0, T0 + SECOND,
                        new Expect(Kind.UPDATE, List.of(), List.of("a"), "c", "", 5L, null, null)),
                row("on release, the healthy candidate is activated rather than an unhealthy recorded target",
                        withdrawing("a", "b", 5), agents(Agents.disconnected("a", 1), Agents.unhealthy("b", INTENT, 3),
                                Agents.healthy("c", 3)),
                        fencedV7Since0, T0 + TIMEOUT, write(Kind.ACTIVATE, List.of("c"), List.of(), 6L)),
                row("failback Auto: a more preferred cluster healthy for the stabilization period gets it back",
                        active("b", 6), agents(Agents.healthy("a", 1), Agents.healthy("b", 1)),
                        Map.of("a", T0), Withdrawal.since(T0), T0 + 3 * SECOND,
                        new Expect(Kind.WITHDRAW, List.of(), List.of("b"), "a", "", 7L, FailoverReason.FAILBACK, null)),
                row("failback Auto: not before the stabilization period",
                        active("b", 6), agents(Agents.healthy("a", 1), Agents.healthy("b", 1)),
                        Map.of("a", T0), Withdrawal.since(T0), T0 + SECOND, waitUntil(T0 + 3 * SECOND)),
                row("failback Auto: an unhealthy preferred cluster is no reason to move",
                        active("b", 6), agents(Agents.unhealthy("a", INTENT, 1), Agents.healthy("b", 1)),
                        Map.of("a", T0), Withdrawal.since(T0), T0 + 10 * SECOND, keep()),
                row(new Row("failback Manual: the intent stays where it failed over to", Failback.FAILBACK_MANUAL,
                        active("b", 6), agents(Agents.healthy("a", 1), Agents.healthy("b", 1)), Map.of("a", T0),
                        Withdrawal.since(T0), T0 + 100 * SECOND, keep())),
                row("a pin on another healthy candidate withdraws the active cluster (manual failover)",
                        active("a", 2).toBuilder().setPinnedCluster("c").build(),
                        agents(Agents.healthy("a", 1), Agents.healthy("c", 1)),
                        new Expect(Kind.WITHDRAW, List.of(), List.of("a"), "c", "c", 3L, FailoverReason.MANUAL, null)),
                row("a pin holds against Auto failback",
                        active("c", 4).toBuilder().setPinnedCluster("c").build(),
                        agents(Agents.healthy("a", 1), Agents.healthy("c", 1)), Map.of("a", T0), Withdrawal.since(T0),
                        T0 + 100 * SECOND, keep()),
                row("a pin is cleared when its cluster turns unhealthy, and the intent fails over",
                        active("c", 4).toBuilder().setPinnedCluster("c").build(),
                        agents(Agents.healthy("a", 1), Agents.unhealthy("c", INTENT, 1)),
                        new Expect(Kind.WITHDRAW, List.of(), List.of("c"), "a", "", 5L, FailoverReason.UNHEALTHY, null)),
                row("a pin on a cluster that is no longer a candidate is cleared without a move",
                        active("a", 4).toBuilder().setPinnedCluster("us").build(), agents(Agents.healthy("a", 1)),
                        new Expect(Kind.UPDATE, List.of("a"), List.of(), "", "", 4L, null, null)),
                row("a record naming two active clusters is withdrawn from both",
                        record().addActiveClusters("a").addActiveClusters("b").setEpoch(3).build(),
                        agents(Agents.healthy("a", 1), Agents.healthy("b", 1)),
                        new Expect(Kind.WITHDRAW, List.of(), List.of("a", "b"), "a", "", 4L, FailoverReason.REPAIR,
                                null)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void decides(Row row) {
        EgressIntent intent = intent(row.failback());
        DecisionContext context = new DecisionContext(new HealthView(row.agents(), row.stableSince()), row.now(),
                Instant.parse("2026-11-22T10:00:00Z"), SETTINGS);

        PlacementStep step = decider.decide(intent, POOLS, CLUSTERS, Optional.ofNullable(row.current()),
                row.withdrawal(), context);

        Expect expect = row.expect();
        assertThat(step.kind()).as("kind").isEqualTo(expect.kind());
        if (expect.wakeAt() != null) {
            assertThat(step.wakeAtNanos()).as("wake-up").hasValue(expect.wakeAt());
        }
        if (expect.reason() != null) {
            assertThat(step.reason()).as("reason").contains(expect.reason());
        }
        if (expect.active() != null) {
            PlacementDecision decision = step.decision().orElseThrow();
            assertThat(decision.getActiveClustersList()).as("active").isEqualTo(expect.active());
            assertThat(decision.getFencedClustersList()).as("fenced").isEqualTo(expect.fenced());
            assertThat(decision.getEpoch()).as("epoch").isEqualTo(expect.epoch());
            if (expect.target() != null) {
                assertThat(decision.getTargetCluster()).as("target").isEqualTo(expect.target());
            }
            if (expect.pinned() != null) {
                assertThat(decision.getPinnedCluster()).as("pin").isEqualTo(expect.pinned());
            }
            assertThat(decision.getIntent()).isEqualTo(INTENT);
            assertThat(decision.getReason()).isNotEmpty();
        }
    }

    @Test
    void clustersWherePlacementOrPoolDoNotApplyAreNeverCandidates() {
        EgressIntent intent = activePassive(INTENT, "eu-public", labels());

        assertThat(decider.candidates(intent, POOLS, CLUSTERS)).containsExactly("a", "b", "c");
    }

    @Test
    void perClusterIntentsNeedNoDecision() {
        EgressIntent intent = perCluster("payments", "eu-public", labels("region", "eu"));

        assertThat(decider.decide(intent, POOLS, CLUSTERS, Optional.empty(), Withdrawal.since(T0),
                new DecisionContext(HealthView.empty(), T0, Instant.EPOCH, SETTINGS)).kind()).isEqualTo(Kind.KEEP);
    }

    static EgressIntent intent(Failback failback) {
        EgressIntent.Builder intent = activePassive(INTENT, "eu-public", labels("region", "eu")).toBuilder();
        intent.getSpecBuilder().getPlacementBuilder().addPreference("a").addPreference("b").addPreference("c")
                .setFailback(failback);
        return intent.build();
    }

    static PlacementDecision.Builder record() {
        return PlacementDecision.newBuilder().setIntent(INTENT);
    }

    static PlacementDecision active(String cluster, long epoch) {
        return record().addActiveClusters(cluster).setEpoch(epoch).build();
    }

    static PlacementDecision withdrawing(String from, String to, long epoch) {
        return record().addFencedClusters(from).setTargetCluster(to).setEpoch(epoch).build();
    }

    private static Map<String, LiveStatus> agents(LiveStatus... statuses) {
        Map<String, LiveStatus> byCluster = new HashMap<>();
        for (LiveStatus status : statuses) {
            byCluster.put(status.cluster(), status);
        }
        return byCluster;
    }

    private static Arguments row(String name, PlacementDecision current, Map<String, LiveStatus> agents, Expect expect) {
        return row(name, current, agents, Map.of(), Withdrawal.since(T0), T0, expect);
    }

    private static Arguments row(String name, PlacementDecision current, Map<String, LiveStatus> agents,
                                 Withdrawal withdrawal, long now, Expect expect) {
        return row(name, current, agents, Map.of(), withdrawal, now, expect);
    }

    private static Arguments row(String name, PlacementDecision current, Map<String, LiveStatus> agents,
                                 Map<String, Long> stableSince, Withdrawal withdrawal, long now, Expect expect) {
        return Arguments.of(new Row(name, Failback.FAILBACK_AUTO, current, agents, stableSince, withdrawal, now,
                expect));
    }

    private static Arguments row(Row row) {
        return Arguments.of(row);
    }

    private static Expect keep() {
        return new Expect(Kind.KEEP, null, null, null, null, null, null, null);
    }

    private static Expect waitUntil(long deadline) {
        return new Expect(Kind.WAIT, null, null, null, null, null, null, deadline);
    }

    private static Expect write(Kind kind, List<String> active, List<String> fenced, Long epoch) {
        return new Expect(kind, active, fenced, null, null, epoch, null, null);
    }
}
