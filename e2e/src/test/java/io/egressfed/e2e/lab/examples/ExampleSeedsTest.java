package io.egressfed.e2e.lab.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.egressfed.api.v1alpha1.Backend;
import io.egressfed.api.v1alpha1.LabelSelector;
import io.egressfed.api.v1alpha1.MemberCluster;
import io.egressfed.e2e.lab.cluster.ClusterSeed;
import io.egressfed.e2e.lab.cluster.SimulatedNamespace;
import io.egressfed.e2e.lab.cluster.SimulatedNode;
import io.egressfed.e2e.lab.cluster.SimulatedPod;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs against the repository's examples/, which the demo applies. */
class ExampleSeedsTest {

    private static ExampleManifests examples;

    @BeforeAll
    static void load() throws Exception {
        examples = ExampleManifests.load(ExampleManifests.locate(Optional.empty()));
    }

    @Test
    void readsEveryKindOfTheExamples() {
        assertThat(examples.pools()).extracting(p -> p.getMetadata().getName())
                .contains("eu-public", "eu-public-v6");
        assertThat(examples.clusters()).extracting(c -> c.getSpec().getBackend())
                .contains(Backend.BACKEND_CILIUM, Backend.BACKEND_KUBE_VIP, Backend.BACKEND_CILIUM_VIP);
        assertThat(examples.intents()).isNotEmpty();
    }

    @Test
    void ciliumGatewaysCarryTheFirstAddressesOfTheRoutablePoolsAndThePinnedOnes() {
        ClusterSeed seed = seed("eu-west-1", 4, 2);

        List<SimulatedNode> gateways = seed.nodes().subList(0, 2);
        assertThat(gateways).allSatisfy(node -> {
            assertThat(node.labels()).containsEntry("egress-gateway", "true");
            assertThat(node.egressIps()).contains("198.51.100.1", "198.51.100.8", "198.51.100.10",
                    "2001:db8:100::1").doesNotContain("198.51.100.0", "198.51.100.9", "198.51.100.65");
        });
        assertThat(seed.nodes().subList(2, 4)).allSatisfy(node -> {
            assertThat(node.labels()).isEmpty();
            assertThat(node.egressIps()).isEmpty();
        });
    }

    @Test
    void vipBackendsCarryNoAddressBecauseKubeVipBringsItUp() {
        assertThat(seed("eu-north-1", 3, 2).nodes()).allMatch(node -> node.egressIps().isEmpty());
        assertThat(seed("eu-central-1", 3, 2).nodes()).allMatch(node -> node.egressIps().isEmpty());
    }

    @Test
    void namespacesAndPodsFollowTheIntentsSelectorsWithOnePodForAPinnedPodName() {
        ClusterSeed seed = seed("eu-west-1", 4, 2);

        SimulatedNamespace payments = namespace(seed, "payments");
        assertThat(payments.labels()).containsEntry("team", "payments");
        assertThat(payments.pods()).extracting(SimulatedPod::name).containsExactly("settlement-0", "settlement-1");
        assertThat(payments.pods()).allMatch(pod -> "settlement".equals(pod.labels().get("app")));
        SimulatedNamespace billing = namespace(seed, "billing");
        assertThat(billing.pods()).extracting(SimulatedPod::name).containsExactly("card-gateway-0", "card-gateway-1");
        assertThat(billing.pods()).filteredOn(pod -> "card-gateway-0".equals(
                pod.labels().get("statefulset.kubernetes.io/pod-name"))).hasSize(1);
        assertThat(seed.namespaces()).extracting(SimulatedNamespace::name).contains(ExampleSeeds.AGENT_NAMESPACE);
    }

    @Test
    void kubeVipWorkloadsRunOnGatewayNodesWhereKubeVipCanSnatThem() {
        ClusterSeed seed = seed("eu-central-1", 4, 2);

        assertThat(seed.namespaces()).flatExtracting(SimulatedNamespace::pods).extracting(SimulatedPod::node)
                .containsOnly("eu-central-1-node-0", "eu-central-1-node-1");
        assertThat(seed("eu-west-1", 4, 2).namespaces()).flatExtracting(SimulatedNamespace::pods)
                .extracting(SimulatedPod::node).contains("eu-west-1-node-3");
    }

    @Test
    void aClusterTheExamplesDoNotDeclareGetsEveryPoolAndTheDefaultGatewayLabel() {
        ClusterSeed seed = ExampleSeeds.seed(examples, "lab-x", Backend.BACKEND_CILIUM, Optional.empty(),
                LabelSelector.getDefaultInstance(), 2, 1);

        assertThat(seed.nodes().get(0).labels()).isEqualTo(Map.of("egress-gateway", "true"));
        assertThat(seed.nodes().get(0).egressIps()).contains("198.51.100.1", "198.51.100.65");
    }

    @Test
    void refusesImpossibleNodeCountsNamingTheFlags() {
        assertThatThrownBy(() -> seed("eu-west-1", 2, 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--nodes/--gateways").hasMessageContaining("gateways=3");
    }

    @Test
    void locateRefusesAGivenPathThatIsNoDirectory(@TempDir Path temp) throws Exception {
        Path file = Files.writeString(temp.resolve("x.yaml"), "");

        assertThatThrownBy(() -> ExampleManifests.locate(Optional.of(file)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--examples");
    }

    private static ClusterSeed seed(String cluster, int nodes, int gateways) {
        MemberCluster member = examples.cluster(cluster).orElseThrow();
        return ExampleSeeds.seed(examples, cluster, member.getSpec().getBackend(),
                Optional.of(member.getMetadata().getLabelsMap()), member.getSpec().getGateway().getNodeSelector(),
                nodes, gateways);
    }

    private static SimulatedNamespace namespace(ClusterSeed seed, String name) {
        return seed.namespaces().stream().filter(ns -> ns.name().equals(name)).findFirst().orElseThrow();
    }
}
