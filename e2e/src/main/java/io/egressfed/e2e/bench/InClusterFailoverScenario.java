package io.egressfed.e2e.bench;

import io.egressfed.api.v1alpha1.PlacementMode;
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
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * In-cluster gateway re-point: a cilium cluster whose two gateway nodes both carry the egress IP of a
 * PerCluster intent; the node carrying it is set NotReady (simulated), and the time from that API write
 * to the agent's policy naming the other gateway (as the simulated dataplane observes it) is measured.
 * The node is then restored and the repetition starts from wherever the IP is held.
 */
public final class InClusterFailoverScenario implements Scenario {

    static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** How long holds must stay unchanged before the next repetition, so that a move back is not mistaken for one. */
    static final Duration SETTLE = Duration.ofMillis(1500);

    private final LabHub lab;
    private final int repeats;

    /**
     * @param lab the hub
     * @param repeats how many failures to measure
     */
    public InClusterFailoverScenario(LabHub lab, int repeats) {
        this.lab = lab;
        this.repeats = repeats;
    }

    @Override
    public String name() {
        return "failoverInCluster";
    }

    @Override
    public ScenarioReport run() throws Exception {
        String cluster = "fo-in-a";
        lab.hub().resources().create(ResourceKind.POOL, BenchResources.pool("bench-fo-in", "198.18.10.0/30"),
                BenchResources.ACTOR).get(30, TimeUnit.SECONDS);
        List<Long> samples = new ArrayList<>();
        try (CiliumClusters clusters = new CiliumClusters(lab); Poller poller = new Poller()) {
            LabSpoke spoke = clusters.add(cluster, "fo-in", List.of("198.18.10.1", "198.18.10.2"), false);
            clusters.awaitHealthy(poller, TIMEOUT, 0, cluster);
            lab.hub().resources().create(ResourceKind.INTENT, BenchResources.intent("bench-fo-in", "bench-fo-in",
                    Map.of(BenchResources.GROUP_LABEL, "fo-in"), PlacementMode.PLACEMENT_MODE_PER_CLUSTER, List.of(),
                    "203.0.113.0/24"), BenchResources.ACTOR).get(30, TimeUnit.SECONDS);
            String held = awaitHeld(poller, clusters.holds(), cluster);
            for (int i = 0; i < repeats; i++) {
                String node = awaitSettled(poller, clusters.holds(), cluster, held);
                long failedAt = spoke.gateways().fail(node, NodeFailure.NOT_READY);
                HoldLog.Observation moved = poller.until("the egress IP to leave node " + node, TIMEOUT,
                        () -> clusters.holds().first(failedAt, o -> o.cluster().equals(cluster)
                                && o.nodeOf(held).filter(n -> !n.equals(node)).isPresent()), () -> "").get();
                samples.add(moved.atNanos() - failedAt);
                spoke.gateways().restore(node);
            }
        } finally {
            lab.hub().resources().delete(ResourceKind.INTENT, "bench-fo-in", "", BenchResources.ACTOR)
                    .get(30, TimeUnit.SECONDS);
        }
        Latencies latencies = Latencies.ofNanos(samples);
        ResultTable table = new ResultTable.Builder("Failover in a cluster: gateway node NotReady -> policy on the"
                + " other gateway (" + repeats + " repetitions)", "SCENARIO", "RUNS", "P50", "P95", "P99", "MAX")
                .row(FloorScenario.with("in-cluster gateway re-point", prepend(String.valueOf(repeats),
                        latencies.cells())))
                .build();
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("repeats", repeats);
        figures.put("repoint", latencies);
        return new ScenarioReport(name(), List.of(table), figures, List.of(
                "From the API write that set the node NotReady to the observed CiliumEgressGatewayPolicy naming the"
                        + " other gateway; noticing a real node failure (kubelet, node-monitor grace) comes on top."));
    }

    /** The IP the cluster holds once the intent is applied. */
    static String awaitHeld(Poller poller, HoldLog holds, String cluster) throws Exception {
        return poller.until("cluster " + cluster + " to hold an egress IP", TIMEOUT,
                () -> holds.latest(cluster).flatMap(o -> o.held().stream().findFirst()).map(h -> h.ip()),
                () -> "").get();
    }

    /** Waits until the cluster's holds stopped changing; returns the node carrying {@code ip}. */
    static String awaitSettled(Poller poller, HoldLog holds, String cluster, String ip) throws Exception {
        return poller.until("cluster " + cluster + " to settle with " + ip + " held", TIMEOUT, () -> {
            Optional<HoldLog.Observation> latest = holds.latest(cluster);
            if (latest.isEmpty() || System.nanoTime() - latest.get().atNanos() < SETTLE.toNanos()) {
                return Optional.empty();
            }
            return latest.get().nodeOf(ip);
        }, () -> "").get();
    }

    static String[] prepend(String first, String[] rest) {
        return FloorScenario.with(first, rest);
    }
}
