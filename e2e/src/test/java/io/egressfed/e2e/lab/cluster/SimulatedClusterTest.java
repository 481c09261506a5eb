package io.egressfed.e2e.lab.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SimulatedClusterTest {

    private static SimulatedCluster cluster;

    @BeforeAll
    static void start() {
        cluster = SimulatedCluster.start(new ClusterSeed("eu-west-1",
                ClusterSeed.nodes("eu-west-1", 3, 2, List.of("198.51.100.1", "198.51.100.10")),
                List.of(new SimulatedNamespace("payments", Map.of("team", "payments"), List.of(
                        new SimulatedPod("settlement-0", Map.of("app", "settlement"), "eu-west-1-node-2"),
                        new SimulatedPod("settlement-1", Map.of("app", "settlement"), "eu-west-1-node-1"),
                        new SimulatedPod("web-0", Map.of("app", "web"), "eu-west-1-node-2"))))));
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void seedsReadyNodesWithGatewayLabelsAndTheAddressesTheyCarry() {
        List<Node> nodes = cluster.client().nodes().list().getItems();

        assertThat(nodes).extracting(n -> n.getMetadata().getName())
                .containsExactlyInAnyOrder("eu-west-1-node-0", "eu-west-1-node-1", "eu-west-1-node-2");
        assertThat(nodes).allMatch(Nodes::isReady);
        Node gateway = cluster.client().nodes().withName("eu-west-1-node-0").get();
        assertThat(gateway.getMetadata().getLabels())
                .containsEntry("egress-gateway", "true")
                .containsEntry("kubernetes.io/hostname", "eu-west-1-node-0");
        assertThat(gateway.getMetadata().getAnnotations())
                .containsEntry(SimulatedCluster.EGRESS_IPS_ANNOTATION, "198.51.100.1,198.51.100.10");
        Node worker = cluster.client().nodes().withName("eu-west-1-node-2").get();
        assertThat(worker.getMetadata().getLabels()).doesNotContainKey("egress-gateway");
        assertThat(worker.getMetadata().getAnnotations()).doesNotContainKey(SimulatedCluster.EGRESS_IPS_ANNOTATION);
    }

    @Test
    void ciliumNodesCarryTheNodeLabelsBecauseCiliumMatchesGatewaysOnThem() {
        List<GenericKubernetesResource> ciliumNodes = CiliumResources.ciliumNodes(cluster.client())
                .withLabel("egress-gateway", "true").list().getItems();

        assertThat(ciliumNodes).extracting(n -> n.getMetadata().getName())
                .containsExactlyInAnyOrder("eu-west-1-node-0", "eu-west-1-node-1");
        assertThat(ciliumNodes.get(0).getMetadata().getLabels())
                .containsEntry("kubernetes.io/hostname", ciliumNodes.get(0).getMetadata().getName());
    }

    @Test
    void acceptsClusterScopedEgressGatewayPolicies() {
        GenericKubernetesResource policy = new GenericKubernetesResourceBuilder()
                .withApiVersion("cilium.io/v2").withKind("CiliumEgressGatewayPolicy")
                .withNewMetadata().withName("seed-test-policy").endMetadata()
                .withAdditionalProperties(Map.of("spec", Map.of("egressGateway", Map.of("egressIP", "198.51.100.1"))))
                .build();

        CiliumResources.policies(cluster.client()).resource(policy).create();

        GenericKubernetesResource stored = CiliumResources.policies(cluster.client()).withName("seed-test-policy").get();
        assertThat(stored.getMetadata().getNamespace()).isNull();
        assertThat((String) stored.get("spec", "egressGateway", "egressIP")).isEqualTo("198.51.100.1");
    }

    @Test
    void namespacesAndPodsAnswerTheSelectorsOfTheIntents() {
        assertThat(cluster.client().namespaces().withLabel("team", "payments").list().getItems())
                .extracting(ns -> ns.getMetadata().getName()).containsExactly("payments");
        List<Pod> settlement = cluster.client().pods().inNamespace("payments").withLabel("app", "settlement")
                .list().getItems();
        assertThat(settlement).extracting(p -> p.getMetadata().getName())
                .containsExactlyInAnyOrder("settlement-0", "settlement-1");
        assertThat(settlement).allSatisfy(pod -> {
            assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
            assertThat(pod.getStatus().getPodIP()).isNotBlank();
        });
        assertThat(settlement).extracting(p -> p.getStatus().getPodIP()).doesNotHaveDuplicates();
    }

    @Test
    void apiServerListensOnLoopback() {
        assertThat(cluster.apiServerUrl()).matches("https?://(127\\.0\\.0\\.1|localhost):\\d+/?");
    }

    @Test
    void aPodOnANodeThatDoesNotExistIsRefusedNamingIt() {
        assertThatThrownBy(() -> new ClusterSeed("c", ClusterSeed.nodes("c", 1, 0, List.of()),
                List.of(new SimulatedNamespace("ns", Map.of(), List.of(new SimulatedPod("p", Map.of(), "c-node-7"))))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("namespaces[ns].pods[p].node")
                .hasMessageContaining("c-node-7");
        assertThatThrownBy(() -> ClusterSeed.nodes("c", 2, 3, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gateways=3");
    }
}
