package io.egressfed.agent.apply;

import static io.egressfed.agent.apply.CiliumApplyTest.gatewayHostname;
import static io.egressfed.agent.apply.CiliumApplyTest.gatewayIp;
import static io.egressfed.agent.apply.CiliumApplyTest.gatewayLabels;
import static io.egressfed.agent.apply.Configs.assignment;
import static io.egressfed.agent.apply.Configs.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.egressfed.agent.backend.Ownership;
import io.egressfed.agent.backend.cilium.CiliumPolicySchema;
import io.egressfed.api.v1alpha1.AssignmentHealth;
import io.egressfed.api.v1alpha1.Backend;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * In-cluster failover: when the gateway node fails, the policy moves to another healthy node that
 * carries the address, driven by the Node informer; with none left it selects no node.
 */
@EnableKubernetesMockClient(crud = true)
class GatewayFailoverTest {

    private static final String IP = "198.51.100.60";
    private static final String POLICY = "egressfed-pay";

    KubernetesClient client;
    private MockCluster cluster;
    private AgentHarness harness;

    @BeforeEach
    void threeGatewayNodes() {
        cluster = new MockCluster(client);
        cluster.installCilium();
        for (String node : List.of("gw-a", "gw-b", "gw-c")) {
            cluster.node(node, Map.of("pool", "gw"), IP, true);
        }
        harness = new AgentHarness(client, "c-fo", "agent-fo");
        assertThat(harness.apply(config("c-fo", 1, Backend.BACKEND_CILIUM, "gw",
                List.of(assignment("pay", IP).build())))).isEqualTo(ApplyOutcome.applied(1));
    }

    @AfterEach
    void stopAgent() {
        harness.close();
    }

    @Test
    void movesOffANodeThatGoesNotReady() {
        repointsAfter("NotReady", node -> cluster.setReady(node, false));
    }

    @Test
    void movesOffACordonedNode() {
        repointsAfter("cordon", node -> cluster.setCordoned(node, true));
    }

    @Test
    void movesOffADeletedNode() {
        repointsAfter("delete", cluster::deleteNode);
    }

    @Test
    void movesOffANodeThatNoLongerListsTheAddress() {
        repointsAfter("address removed", node -> cluster.setEgressIps(node, "198.51.100.99"));
    }

    @Test
    void selectsNoNodeWhenNoCandidateIsLeftAndFollowsTheFirstOneBack() {
        cluster.setReady("gw-a", false);
        cluster.setCordoned("gw-b", true);
        cluster.deleteNode("gw-c");

        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(10)).untilAsserted(() ->
                assertThat(gatewayLabels(cluster.policy(POLICY))).isEqualTo(Map.of(Ownership.NO_GATEWAY, "pay")));
        CiliumPolicySchema.assertValid(cluster.policy(POLICY));
        assertThat(gatewayIp(cluster.policy(POLICY))).as("the address stays: traffic is dropped, not leaked").isEqualTo(IP);
        AssignmentHealth health = harness.health().getAssignments(0);
        assertThat(health.getHealthy()).isFalse();
        assertThat(health.getGatewayNode()).isEmpty();
        assertThat(health.getBackendObjectPresent()).isTrue();
        assertThat(health.getReason()).contains("no healthy gateway node carries " + IP)
                .contains("gw-a: NotReady").contains("gw-b: cordoned").contains("matching traffic is dropped");

        cluster.setCordoned("gw-b", false);

        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(10)).untilAsserted(() ->
                assertThat(gatewayHostname(cluster.policy(POLICY))).isEqualTo("gw-b"));
        cluster.setReady("gw-a", true);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(harness.health().getAssignments(0))
                .returns(true, AssignmentHealth::getHealthy).returns("gw-b", AssignmentHealth::getGatewayNode));
        assertThat(gatewayHostname(cluster.policy(POLICY))).as("a recovered node does not take egress back").isEqualTo("gw-b");
    }

    private void repointsAfter(String failure, Consumer<String> fail) {
        String first = gatewayHostname(cluster.policy(POLICY));
        long repointsBefore = harness.metrics().repoints();

        long started = System.nanoTime();
        fail.accept(first);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(5)).until(() -> {
            String now = gatewayHostname(cluster.policy(POLICY));
            return now != null && !Objects.equals(now, first);
        });
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("gateway re-pointed %d ms after %s of %s%n", millis, failure, first);

        String second = gatewayHostname(cluster.policy(POLICY));
        assertThat(second).isIn("gw-a", "gw-b", "gw-c").isNotEqualTo(first);
        CiliumPolicySchema.assertValid(cluster.policy(POLICY));
        assertThat(harness.metrics().repoints()).isEqualTo(repointsBefore + 1);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(harness.health().getAssignments(0))
                .returns(second, AssignmentHealth::getGatewayNode)
                .returns(true, AssignmentHealth::getGatewayReady)
                .returns(true, AssignmentHealth::getHealthy));
    }
}
