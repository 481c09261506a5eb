package io.egressfed.agent.apply;

import static io.egressfed.agent.apply.CiliumApplyTest.gatewayHostname;
import static io.egressfed.agent.apply.CiliumApplyTest.gatewayIp;
import static io.egressfed.agent.apply.CiliumApplyTest.gatewayLabels;
import static io.egressfed.agent.apply.Configs.activePassive;
import static io.egressfed.agent.apply.Configs.assignment;
import static io.egressfed.agent.apply.Configs.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.egressfed.agent.backend.Ownership;
import io.egressfed.agent.backend.cilium.CiliumPolicySchema;
import io.egressfed.agent.backend.kubevip.KubeVipAnnotations;
import io.egressfed.api.v1alpha1.AssignmentHealth;
import io.egressfed.api.v1alpha1.AssignmentRole;
import io.egressfed.api.v1alpha1.Backend;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** cilium-vip: kube-vip holds the address, the policy follows the node kube-vip names. */
@EnableKubernetesMockClient(crud = true)
class CiliumVipApplyTest {

    private static final String NAMESPACE = "agent-cv";
    private static final String SERVICE = "egressfed-vip-pay";
    private static final String POLICY = "egressfed-pay";

    KubernetesClient client;
    private MockCluster cluster;
    private AgentHarness harness;

    @BeforeEach
    void setUp() {
        cluster = new MockCluster(client);
        cluster.installCilium();
        cluster.installKubeVip("kube-system");
        cluster.node("cv-a", Map.of(), "", true);
        cluster.node("cv-b", Map.of(), "", true);
        cluster.node("cv-plain", Map.of(), "", false);
        harness = new AgentHarness(client, "c-cv", NAMESPACE);
    }

    @AfterEach
    void stopAgent() {
        harness.close();
    }

    @Test
    void holdsTheVipInASelectorlessServiceAndFollowsItsHost() {
        assertThat(harness.apply(config("c-cv", 1, Backend.BACKEND_CILIUM_VIP, "",
                List.of(assignment("pay", "198.51.100.110").build())))).isEqualTo(ApplyOutcome.applied(1));

        Service holder = cluster.service(NAMESPACE, SERVICE);
        assertThat(holder.getSpec().getType()).isEqualTo("LoadBalancer");
        assertThat(holder.getSpec().getSelector()).isNullOrEmpty();
        assertThat(holder.getSpec().getExternalTrafficPolicy()).isEqualTo("Cluster");
        assertThat(holder.getMetadata().getAnnotations())
                .containsEntry(KubeVipAnnotations.LOADBALANCER_IPS, "198.51.100.110")
                .doesNotContainKey(KubeVipAnnotations.EGRESS);
        assertThat(gatewayLabels(cluster.policy(POLICY))).as("no VIP host yet")
                .isEqualTo(Map.of(Ownership.NO_GATEWAY, "pay"));
        assertThat(gatewayIp(cluster.policy(POLICY))).isEqualTo("198.51.100.110");
        assertThat(harness.health().getAssignments(0).getReason()).contains("kube-vip has not elected a node");

        followsTheVipTo("cv-a");
        long repoints = harness.metrics().repoints();
        followsTheVipTo("cv-b");
        // The policy is written before the pass counts the move: the count may trail the write briefly.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(harness.metrics().repoints()).isEqualTo(repoints + 1));
        CiliumPolicySchema.assertValid(cluster.policy(POLICY));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(harness.health().getAssignments(0))
                .returns(true, AssignmentHealth::getHealthy)
                .returns(true, AssignmentHealth::getBackendObjectPresent)
                .returns("cv-b", AssignmentHealth::getVipHost)
                .returns("cv-b", AssignmentHealth::getGatewayNode)
                .returns(true, AssignmentHealth::getGatewayReady));
    }

    @Test
    void selectsNoNodeWhileTheVipSitsOnANodeWithoutCilium() {
        assertThat(harness.apply(config("c-cv", 1, Backend.BACKEND_CILIUM_VIP, "",
                List.of(assignment("pay", "198.51.100.111").build())))).isEqualTo(ApplyOutcome.applied(1));
        followsTheVipTo("cv-a");

        cluster.announce(NAMESPACE, SERVICE, "cv-plain", "");

        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(10)).untilAsserted(() ->
                assertThat(gatewayLabels(cluster.policy(POLICY))).isEqualTo(Map.of(Ownership.NO_GATEWAY, "pay")));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(harness.health().getAssignments(0))
                .returns(false, AssignmentHealth::getHealthy)
                .returns("cv-plain", AssignmentHealth::getVipHost));
        assertThat(harness.health().getAssignments(0).getReason()).contains("has no CiliumNode");
    }

    @Test
    void fencedRemovesTheServiceAndPointsThePolicyAtNoNode() {
        harness.grant(Duration.ofSeconds(10), "pay", 1);
        assertThat(harness.apply(config("c-cv", 1, Backend.BACKEND_CILIUM_VIP, "", List.of(
                activePassive("pay", "198.51.100.112", AssignmentRole.ASSIGNMENT_ROLE_ACTIVE, 1).build()))))
                .isEqualTo(ApplyOutcome.applied(1));
        followsTheVipTo("cv-a");

        assertThat(AgentHarness.await(harness.agent().fence("pay")).complete()).isTrue();

        assertThat(cluster.service(NAMESPACE, SERVICE)).as("the address is released").isNull();
        assertThat(gatewayLabels(cluster.policy(POLICY))).isEqualTo(Map.of(Ownership.NO_GATEWAY, "pay"));
        CiliumPolicySchema.assertValid(cluster.policy(POLICY));
        assertThat(harness.health().getAssignments(0).getRole()).isEqualTo(AssignmentRole.ASSIGNMENT_ROLE_FENCED);
    }

    @Test
    void switchingBackendsReplacesTheObjectsAndDroppingTheAssignmentRemovesThem() {
        cluster.namespace("cv-team", Map.of("team", "pay"));
        cluster.pod("cv-team", "pay-0", Map.of("app", "pay"));
        assertThat(harness.apply(config("c-cv", 1, Backend.BACKEND_CILIUM_VIP, "",
                List.of(assignment("pay", "198.51.100.113").build())))).isEqualTo(ApplyOutcome.applied(1));
        assertThat(cluster.policy(POLICY)).isNotNull();

        assertThat(harness.apply(config("c-cv", 2, Backend.BACKEND_KUBE_VIP, "",
                List.of(assignment("pay", "198.51.100.113").build())))).isEqualTo(ApplyOutcome.applied(2));

        assertThat(cluster.ownedPolicies()).isEmpty();
        assertThat(cluster.ownedServices()).extracting(s -> s.getMetadata().getNamespace() + "/" + s.getMetadata().getName())
                .containsExactly("cv-team/egressfed-pay");

        assertThat(harness.apply(config("c-cv", 3, Backend.BACKEND_KUBE_VIP, "", List.of())))
                .isEqualTo(ApplyOutcome.applied(3));

        assertThat(cluster.ownedServices()).isEmpty();
    }

    private void followsTheVipTo(String node) {
        long started = System.nanoTime();
        cluster.announce(NAMESPACE, SERVICE, node, "");
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(5)).until(() ->
                node.equals(gatewayHostname(cluster.policy(POLICY))));
        System.out.printf("policy followed the VIP to %s in %d ms%n", node, (System.nanoTime() - started) / 1_000_000);
    }
}
