package io.egressfed.agent.backend;

import static org.assertj.core.api.Assertions.assertThat;

import io.egressfed.api.v1alpha1.GatewayInventory;
import io.egressfed.api.v1alpha1.LabelSelector;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which nodes may carry an address, and which one an intent gets. */
class GatewayNodesTest {

    private static final LabelSelector GATEWAYS = LabelSelector.newBuilder().putMatchLabels("egress", "true").build();
    private static final Map<String, String> GATEWAY = Map.of("egress", "true");

    @Test
    void evaluatesEveryNodeMatchingTheGatewaySelector() {
        FakeClusterView view = new FakeClusterView()
                .node("ok", GATEWAY, true, false, "198.51.100.2, 2001:db8::1,garbage", true)
                .node("down", GATEWAY, false, false, "198.51.100.1", true)
                .node("cordoned", GATEWAY, true, true, "198.51.100.1", true)
                .node("no-cilium", GATEWAY, true, false, "198.51.100.1", false)
                .node("worker", Map.of(), true, false, "198.51.100.1", true);

        GatewayNodes nodes = GatewayNodes.evaluate(GATEWAYS, view, true);

        assertThat(nodes.all()).extracting(GatewayNodes.Candidate::name)
                .containsExactly("cordoned", "down", "no-cilium", "ok");
        assertThat(nodes.healthyCarrying("198.51.100.1")).isEmpty();
        assertThat(nodes.healthyCarrying("198.51.100.2")).extracting(GatewayNodes.Candidate::name).containsExactly("ok");
        assertThat(nodes.healthyCarrying("2001:db8:0:0::1")).as("IPv6 compared as addresses")
                .extracting(GatewayNodes.Candidate::hostname).containsExactly("host-ok");
        assertThat(nodes.whyNone("198.51.100.1")).isEqualTo("no healthy gateway node carries 198.51.100.1"
                + " (cordoned: cordoned; down: NotReady; no-cilium: no CiliumNode)");
        assertThat(nodes.whyNone("198.51.100.9"))
                .isEqualTo("no node matching the gateway selector lists 198.51.100.9 in egressfed.io/egress-ips");
        assertThat(nodes.inventory(true)).containsExactly(
                inventory("cordoned", false, "198.51.100.1"),
                inventory("down", false, "198.51.100.1"),
                inventory("no-cilium", false, "198.51.100.1"),
                inventory("ok", true, "198.51.100.2", "2001:db8::1"));
    }

    @Test
    void withoutCiliumAReadySchedulableNodeIsEnough() {
        FakeClusterView view = new FakeClusterView().node("plain", GATEWAY, true, false, "198.51.100.1", false);

        assertThat(GatewayNodes.evaluate(GATEWAYS, view, false).healthyCarrying("198.51.100.1"))
                .extracting(GatewayNodes.Candidate::name).containsExactly("plain");
    }

    @Test
    void gatewayNodesWithoutEgressAddressesAreInTheInventorySoAVipStandbyCountsAsHealthy() {
        // kube-vip and cilium-vip clusters list no addresses on nodes: kube-vip brings the VIP up.
        FakeClusterView view = new FakeClusterView()
                .node("vip-0", GATEWAY, true, false, "", false)
                .node("vip-1", GATEWAY, false, false, "", false);

        GatewayNodes nodes = GatewayNodes.evaluate(GATEWAYS, view, false);

        assertThat(nodes.inventory(false)).containsExactly(inventory("vip-0", true), inventory("vip-1", false));
        assertThat(nodes.inventory(true)).as("cilium SNATs only with listed addresses").isEmpty();
    }

    @Test
    void keepsTheCurrentGatewayWhileItIsHealthy() {
        List<GatewayNodes.Candidate> candidates = candidates("a", "b", "c");

        for (String current : List.of("a", "b", "c")) {
            assertThat(GatewayNodes.choose("pay", candidates, current)).map(GatewayNodes.Candidate::name).contains(current);
        }
        assertThat(GatewayNodes.choose("pay", List.of(), "a")).isEmpty();
    }

    @Test
    void choosesDeterministicallyAndSpreadsIntentsOverCandidates() {
        List<GatewayNodes.Candidate> candidates = candidates("a", "b", "c");
        Set<String> chosen = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            String intent = "intent-" + i;
            String first = GatewayNodes.choose(intent, candidates, "").orElseThrow().name();
            assertThat(GatewayNodes.choose(intent, List.of(candidates.get(2), candidates.get(0), candidates.get(1)), "gone"))
                    .map(GatewayNodes.Candidate::name).as("order of candidates does not matter").contains(first);
            chosen.add(first);
        }
        assertThat(chosen).containsExactlyInAnyOrder("a", "b", "c");
    }

    @Test
    void losingAGatewayMovesOnlyItsIntents() {
        List<GatewayNodes.Candidate> all = candidates("a", "b", "c");
        List<GatewayNodes.Candidate> withoutA = candidates("b", "c");
        for (int i = 0; i < 30; i++) {
            String intent = "intent-" + i;
            String before = GatewayNodes.choose(intent, all, "").orElseThrow().name();
            String after = GatewayNodes.choose(intent, withoutA, "").orElseThrow().name();
            if (!before.equals("a")) {
                assertThat(after).as("rendezvous hashing keeps %s", intent).isEqualTo(before);
            }
        }
    }

    private static List<GatewayNodes.Candidate> candidates(String... names) {
        return Arrays.stream(names)
                .map(name -> new GatewayNodes.Candidate(name, name, List.of("198.51.100.1"), List.of()))
                .toList();
    }

    private static GatewayInventory inventory(String node, boolean ready, String... addresses) {
        return GatewayInventory.newBuilder().setNode(node).setReady(ready).addAllAddresses(List.of(addresses)).build();
    }
}
