package io.egressfed.e2e.lab.netns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.egressfed.api.v1alpha1.PlacementMode;
import io.egressfed.e2e.bench.BenchResources;
import io.egressfed.e2e.bench.CiliumClusters;
import io.egressfed.e2e.bench.HoldLog;
import io.egressfed.e2e.lab.cluster.ClusterSeed;
import io.egressfed.e2e.lab.cluster.NodeFailure;
import io.egressfed.e2e.lab.demo.LabHub;
import io.egressfed.e2e.lab.demo.Poller;
import io.egressfed.e2e.lab.spoke.LabSpoke;
import io.egressfed.hub.state.ResourceKind;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Real packets: a pod namespace per cluster, two gateway namespaces per cluster, an external host. The
 * real hub and agents run as in the lab; the simulated Cilium datapath programs nftables SNAT in the
 * gateway namespace the agent's CiliumEgressGatewayPolicy chose. The external host records the source
 * address of every connection: it must always be the egress IP — before any failure, after an in-cluster
 * gateway failure, after a cross-cluster failover, and while a cluster is fenced.
 */
class NetnsDataplaneTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String EGRESS_IP = "198.18.20.1";

    @Test
    void connectionsLeaveWithTheEgressIpThroughGatewayAndClusterFailover() throws Exception {
        Optional<String> missing = Shell.whyNotAvailable();
        if (missing.isPresent()) {
            System.out.println("NetnsDataplaneTest SKIPPED: " + missing.get());
        }
        Assumptions.assumeTrue(missing.isEmpty(), () -> "dataplane check skipped: " + missing.orElse(""));
        String prefix = "ef" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 4);
        String a = "dp-a";
        String b = "dp-b";
        try (NetnsTopology topology = NetnsTopology.create(prefix, List.of(a, b));
             LabHub lab = LabHub.start(LabHub.StoreChoice.AUTO);
             Poller poller = new Poller()) {
            NetnsCiliumDatapath datapath = new NetnsCiliumDatapath(topology);
            try (CiliumClusters clusters = new CiliumClusters(lab, datapath);
                 ExternalHost external = ExternalHost.start(topology.external())) {
                lab.hub().resources().create(ResourceKind.POOL, BenchResources.pool("dp", "198.18.20.0/30"),
                        BenchResources.ACTOR).get(30, TimeUnit.SECONDS);
                LabSpoke spokeA = clusters.add(a, "dp", List.of(EGRESS_IP), false);
                datapath.attach(a, spokeA.cluster().client());
                LabSpoke spokeB = clusters.add(b, "dp", List.of(EGRESS_IP), false);
                datapath.attach(b, spokeB.cluster().client());
                clusters.awaitHealthy(poller, TIMEOUT, 0, a, b);
                lab.hub().resources().create(ResourceKind.INTENT, BenchResources.intent("dp-egress", "dp",
                        Map.of(BenchResources.GROUP_LABEL, "dp"), PlacementMode.PLACEMENT_MODE_ACTIVE_PASSIVE,
                        List.of(a, b), NetnsTopology.EXTERNAL_PREFIX), BenchResources.ACTOR).get(30, TimeUnit.SECONDS);

                try (WorkloadClient podA = WorkloadClient.start(topology.pod(a));
                     WorkloadClient podB = WorkloadClient.start(topology.pod(b))) {
                    // Before any failure: a's gateway SNATs.
                    awaitConnectionsSince(external, System.nanoTime(), 10);

                    // In-cluster: the gateway node carrying the IP fails; the agent re-points to the other one.
                    String node = awaitNode(poller, clusters.holds(), a);
                    long failed = spokeA.gateways().fail(node, NodeFailure.NOT_READY);
                    poller.until("the egress IP to move off " + node, TIMEOUT, () -> clusters.holds().first(failed,
                            o -> o.cluster().equals(a) && o.nodeOf(EGRESS_IP).filter(n -> !n.equals(node))
                                    .isPresent()), () -> "").get();
                    awaitConnectionsSince(external, System.nanoTime(), 10);

                    // Cross-cluster: every gateway of a fails; a fences, the hub activates b.
                    String other = ClusterSeed.nodeName(a, node.endsWith("-0") ? 1 : 0);
                    long crossed = spokeA.gateways().fail(other, NodeFailure.NOT_READY);
                    poller.until(b + " to hold the egress IP", TIMEOUT, () -> clusters.holds().first(crossed,
                            o -> o.cluster().equals(b) && o.holds(EGRESS_IP)), () -> "").get();
                    awaitConnectionsSince(external, System.nanoTime(), 10);
                }
                List<ExternalHost.Connection> seen = external.connections();
                System.out.printf("NetnsDataplaneTest: %d connections reached the external host, sources %s%n",
                        seen.size(), seen.stream().map(ExternalHost.Connection::source).distinct().toList());
                assertThat(datapath.errors()).isEmpty();
                assertThat(seen).extracting(ExternalHost.Connection::source)
                        .as("every connection, before and after both failovers and while fenced, left with the"
                                + " egress IP")
                        .isNotEmpty()
                        .containsOnly(EGRESS_IP)
                        .doesNotContainAnyElementsOf(topology.ownAddresses());
                assertThat(datapath.programmed()).as("a's pod was cut off (fenced) before b took the IP")
                        .anyMatch(line -> line.equals(a + " []"));
            }
        }
    }

    private static void awaitConnectionsSince(ExternalHost external, long since, int count) {
        await().atMost(TIMEOUT).until(() -> external.since(since).size() >= count);
    }

    private static String awaitNode(Poller poller, HoldLog holds, String cluster) throws Exception {
        return poller.until(cluster + " to hold " + EGRESS_IP, TIMEOUT,
                () -> holds.latest(cluster).flatMap(o -> o.nodeOf(EGRESS_IP)), () -> "").get();
    }
}
