package io.egressfed.e2e.bench;

import io.egressfed.api.v1alpha1.PlacementMode;
import io.egressfed.e2e.lab.cluster.ClusterSeed;
import io.egressfed.e2e.lab.cluster.NodeFailure;
import io.egressfed.e2e.lab.demo.LabHub;
import io.egressfed.e2e.lab.demo.Poller;
import io.egressfed.e2e.lab.spoke.LabSpoke;
import io.egressfed.hub.state.ResourceKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Cross-cluster failover of an ActivePassive intent between two simulated cilium clusters (failback
 * Manual, so each repetition moves it back the other way):
 * <ul>
 *   <li><b>gateways unhealthy, agent reachable</b>: every gateway node of the active cluster is set
 *       NotReady; the agent reports it, the hub withdraws (the agent ACKs the fence: fast path) and
 *       activates the other cluster;</li>
 *   <li><b>agent unreachable</b>: the active agent's link is cut (its connections reset, new ones
 *       refused); the agent fences when its lease lapses, the hub activates the other cluster once the
 *       lease plus the margin has passed.</li>
 * </ul>
 * Measured per repetition: from the fault to the other cluster holding the IP; the gap during which no
 * cluster held it; and whether both ever held it at once (must never happen).
 */
public final class CrossClusterFailoverScenario implements Scenario {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String INTENT = "bench-fo-x";

    /** How the active cluster is made to fail. */
    enum Fault {
        /** Every gateway node NotReady; the agent stays connected. */
        GATEWAYS_DOWN("gateways unhealthy, agent reachable"),
        /** The agent's link to the hub cut. */
        AGENT_UNREACHABLE("agent unreachable (lease 5 s)");

        final String description;

        Fault(String description) {
            this.description = description;
        }
    }

    /**
     * One measured move.
     *
     * @param toHeldNanos fault to the other cluster holding the IP
     * @param darkNanos how long neither held it
     * @param overlapped whether both held it at one instant
     */
    record Move(long toHeldNanos, long darkNanos, boolean overlapped) {
    }

    private final LabHub lab;
    private final int repeats;

    /**
     * @param lab the hub
     * @param repeats repetitions of each fault
     */
    public CrossClusterFailoverScenario(LabHub lab, int repeats) {
        this.lab = lab;
        this.repeats = repeats;
    }

    @Override
    public String name() {
        return "failoverCrossCluster";
    }

    @Override
    public ScenarioReport run() throws Exception {
        lab.hub().resources().create(ResourceKind.POOL, BenchResources.pool("bench-fo-x", "198.18.20.0/30"),
                BenchResources.ACTOR).get(30, TimeUnit.SECONDS);
        ResultTable.Builder table = new ResultTable.Builder("Failover across clusters (ActivePassive, two cilium"
                + " clusters): fault -> the other cluster holds the egress IP",
                "SCENARIO", "RUNS", "P50", "P99", "MAX", "DARK P50", "DARK P99", "BOTH HELD");
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("repeats", repeats);
        for (Fault fault : Fault.values()) {
            List<Move> moves = measure(fault);
            Latencies toHeld = Latencies.ofNanos(moves.stream().map(Move::toHeldNanos).toList());
            Latencies dark = Latencies.ofNanos(moves.stream().map(Move::darkNanos).toList());
            long overlaps = moves.stream().filter(Move::overlapped).count();
            table.row(fault.description, String.valueOf(moves.size()), Latencies.format(toHeld.p50Millis()),
                    Latencies.format(toHeld.p99Millis()), Latencies.format(toHeld.maxMillis()),
                    Latencies.format(dark.p50Millis()), Latencies.format(dark.p99Millis()), String.valueOf(overlaps));
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("failover", toHeld);
            entry.put("dark", dark);
            entry.put("bothHeld", overlaps);
            figures.put(fault == Fault.GATEWAYS_DOWN ? "gatewaysDown" : "agentUnreachable", entry);
        }
        return new ScenarioReport(name(), List.of(table.build()), figures, List.of(
                "Times from the fault (API write / link cut) to the other cluster's policy holding the IP, as the"
                        + " simulated dataplane observes it; DARK: neither cluster held it (traffic dropped,"
                        + " never leaked).",
                "BOTH HELD counts repetitions in which two clusters held the IP at one instant: it must be 0."));
    }

    private List<Move> measure(Fault fault) throws Exception {
        String group = fault == Fault.GATEWAYS_DOWN ? "fo-xg" : "fo-xu";
        String a = group + "-a";
        String b = group + "-b";
        List<String> carried = List.of("198.18.20.1", "198.18.20.2");
        boolean proxied = fault == Fault.AGENT_UNREACHABLE;
        List<Move> moves = new ArrayList<>();
        try (CiliumClusters clusters = new CiliumClusters(lab); Poller poller = new Poller()) {
            clusters.add(a, group, carried, proxied);
            clusters.add(b, group, carried, proxied);
            clusters.awaitHealthy(poller, TIMEOUT, 0, a, b);
            lab.hub().resources().create(ResourceKind.INTENT, BenchResources.intent(INTENT, "bench-fo-x",
                    Map.of(BenchResources.GROUP_LABEL, group), PlacementMode.PLACEMENT_MODE_ACTIVE_PASSIVE,
                    List.of(a, b), "203.0.113.0/24"), BenchResources.ACTOR).get(30, TimeUnit.SECONDS);
            String ip = InClusterFailoverScenario.awaitHeld(poller, clusters.holds(), a);
            String active = a;
            for (int i = 0; i < repeats; i++) {
                String standby = active.equals(a) ? b : a;
                InClusterFailoverScenario.awaitSettled(poller, clusters.holds(), active, ip);
                long faultAt;
                LabSpoke failing = clusters.spoke(active);
                if (fault == Fault.GATEWAYS_DOWN) {
                    faultAt = failing.gateways().fail(ClusterSeed.nodeName(active, 0), NodeFailure.NOT_READY);
                    failing.gateways().fail(ClusterSeed.nodeName(active, 1), NodeFailure.NOT_READY);
                } else {
                    faultAt = clusters.cut(active);
                }
                String from = active;
                HoldLog.Observation taken = poller.until(standby + " to hold " + ip, TIMEOUT,
                        () -> clusters.holds().first(faultAt, o -> o.cluster().equals(standby) && o.holds(ip)),
                        () -> "").get();
                HoldLog.Observation released = poller.until(from + " to release " + ip, TIMEOUT,
                        () -> clusters.holds().first(faultAt, o -> o.cluster().equals(from) && !o.holds(ip)),
                        () -> "").get();
                moves.add(new Move(taken.atNanos() - faultAt, Math.max(0, taken.atNanos() - released.atNanos()),
                        released.atNanos() > taken.atNanos()));
                long restoredAt = System.currentTimeMillis();
                if (fault == Fault.GATEWAYS_DOWN) {
                    failing.gateways().restore(ClusterSeed.nodeName(from, 0));
                    failing.gateways().restore(ClusterSeed.nodeName(from, 1));
                } else {
                    clusters.heal(from);
                }
                // The next move goes back: the recovered cluster must be healthy again first.
                clusters.awaitHealthy(poller, TIMEOUT, restoredAt, from);
                active = standby;
            }
        } finally {
            lab.hub().resources().delete(ResourceKind.INTENT, INTENT, "", BenchResources.ACTOR)
                    .get(30, TimeUnit.SECONDS);
        }
        return moves;
    }
}
