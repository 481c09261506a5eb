package io.egressfed.agent.apply;

import static io.egressfed.agent.apply.CiliumApplyTest.spec;
import static io.egressfed.agent.apply.Configs.assignment;
import static io.egressfed.agent.apply.Configs.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.egressfed.agent.backend.Ownership;
import io.egressfed.agent.backend.cilium.CiliumPolicySchema;
import io.egressfed.agent.backend.cilium.CiliumResources;
import io.egressfed.agent.backend.kubevip.KubeVipAnnotations;
import io.egressfed.agent.backend.kubevip.ServiceKind;
import io.egressfed.api.v1alpha1.Backend;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Owned objects edited or deleted by someone else are restored at once and counted. */
@EnableKubernetesMockClient(crud = true)
class DriftCorrectionTest {

    private static final Duration PROMPTLY = Duration.ofSeconds(20);

    KubernetesClient client;
    private MockCluster cluster;
    private AgentHarness harness;

    @BeforeEach
    void setUp() {
        cluster = new MockCluster(client);
        cluster.installCilium();
    }

    @AfterEach
    void stopAgent() {
        harness.close();
    }

    @Test
    void restoresAnEditedPolicyButKeepsForeignMetadata() {
        cluster.node("d1-a", Map.of("pool", "d1"), "198.51.100.70", true);
        harness = new AgentHarness(client, "c-d1", "agent-d1");
        assertThat(harness.apply(config("c-d1", 1, Backend.BACKEND_CILIUM, "d1",
                List.of(assignment("d1-pay", "198.51.100.70").build())))).isEqualTo(ApplyOutcome.applied(1));
        Map<String, Object> original = spec(cluster.policy("egressfed-d1-pay"));

        client.genericKubernetesResources(CiliumResources.POLICIES).withName("egressfed-d1-pay").edit(policy -> {
            Map<String, Object> spec = new LinkedHashMap<>(spec(policy));
            spec.put("egressGateway", Map.of("nodeSelector", Map.of(), "interface", "eth1"));
            spec.put("destinationCIDRs", List.of("0.0.0.0/0"));
            policy.getAdditionalProperties().put("spec", spec);
            Map<String, String> annotations = new HashMap<>(policy.getMetadata().getAnnotations());
            annotations.put("ops.example.com/ticket", "T-1");
            policy.getMetadata().setAnnotations(annotations);
            return policy;
        });

        await().atMost(PROMPTLY).pollInterval(Duration.ofMillis(10)).untilAsserted(() ->
                assertThat(spec(cluster.policy("egressfed-d1-pay"))).isEqualTo(original));
        GenericKubernetesResource restored = cluster.policy("egressfed-d1-pay");
        CiliumPolicySchema.assertValid(restored);
        assertThat(restored.getMetadata().getAnnotations()).containsEntry("ops.example.com/ticket", "T-1");
        // The write is visible before the sync counts it: the count may trail briefly.
        await().atMost(PROMPTLY).untilAsserted(() ->
                assertThat(harness.metrics().driftCorrections(CiliumResources.POLICY_KIND)).isEqualTo(1));
    }

    @Test
    void recreatesADeletedPolicyAndRelabelsAnUnlabelledOne() {
        cluster.node("d2-a", Map.of("pool", "d2"), "198.51.100.71", true);
        harness = new AgentHarness(client, "c-d2", "agent-d2");
        assertThat(harness.apply(config("c-d2", 1, Backend.BACKEND_CILIUM, "d2",
                List.of(assignment("d2-pay", "198.51.100.71").build())))).isEqualTo(ApplyOutcome.applied(1));
        Map<String, Object> original = spec(cluster.policy("egressfed-d2-pay"));

        client.genericKubernetesResources(CiliumResources.POLICIES).withName("egressfed-d2-pay").delete();

        await().atMost(PROMPTLY).pollInterval(Duration.ofMillis(10)).untilAsserted(() -> {
            GenericKubernetesResource back = cluster.policy("egressfed-d2-pay");
            assertThat(back).isNotNull();
            assertThat(spec(back)).isEqualTo(original);
        });
        // The write is visible before the sync counts it: the count may trail briefly.
        await().atMost(PROMPTLY).untilAsserted(() ->
                assertThat(harness.metrics().driftCorrections(CiliumResources.POLICY_KIND)).isEqualTo(1));

        client.genericKubernetesResources(CiliumResources.POLICIES).withName("egressfed-d2-pay").edit(policy -> {
            Map<String, String> labels = new HashMap<>(policy.getMetadata().getLabels());
            labels.remove(Ownership.MANAGED_BY);
            policy.getMetadata().setLabels(labels);
            return policy;
        });

        await().atMost(PROMPTLY).pollInterval(Duration.ofMillis(10)).untilAsserted(() ->
                assertThat(cluster.policy("egressfed-d2-pay").getMetadata().getLabels())
                        .containsEntry(Ownership.MANAGED_BY, Ownership.MANAGED_BY_VALUE));
        // The write is visible before the sync counts it: the count may trail briefly.
        await().atMost(PROMPTLY).untilAsserted(() ->
                assertThat(harness.metrics().driftCorrections(CiliumResources.POLICY_KIND)).isEqualTo(2));
    }

    @Test
    void restoresAnEditedAndADeletedKubeVipServiceKeepingKubeVipsAnnotations() {
        cluster.installKubeVip("kube-system");
        cluster.namespace("d3-team", Map.of("team", "d3-pay"));
        cluster.pod("d3-team", "d3-pay-0", Map.of("app", "d3-pay"));
        harness = new AgentHarness(client, "c-d3", "agent-d3");
        assertThat(harness.apply(config("c-d3", 1, Backend.BACKEND_KUBE_VIP, "",
                List.of(assignment("d3-pay", "198.51.100.72").build())))).isEqualTo(ApplyOutcome.applied(1));
        cluster.announce("d3-team", "egressfed-d3-pay", "node-1", "10.0.0.5");

        client.services().inNamespace("d3-team").withName("egressfed-d3-pay").edit(service -> {
            Map<String, String> annotations = new HashMap<>(service.getMetadata().getAnnotations());
            annotations.put(KubeVipAnnotations.LOADBALANCER_IPS, "198.51.100.99");
            annotations.remove(KubeVipAnnotations.EGRESS);
            service.getMetadata().setAnnotations(annotations);
            service.getSpec().setExternalTrafficPolicy("Cluster");
            return service;
        });

        await().atMost(PROMPTLY).pollInterval(Duration.ofMillis(10)).untilAsserted(() -> {
            Service service = cluster.service("d3-team", "egressfed-d3-pay");
            assertThat(service.getMetadata().getAnnotations())
                    .containsEntry(KubeVipAnnotations.LOADBALANCER_IPS, "198.51.100.72")
                    .containsEntry(KubeVipAnnotations.EGRESS, "true")
                    .containsEntry(KubeVipAnnotations.VIP_HOST, "node-1")
                    .containsEntry(KubeVipAnnotations.ACTIVE_ENDPOINT, "10.0.0.5");
            assertThat(service.getSpec().getExternalTrafficPolicy()).isEqualTo("Local");
        });
        // The write is visible before the sync counts it: the count may trail briefly.
        await().atMost(PROMPTLY).untilAsserted(() ->
                assertThat(harness.metrics().driftCorrections(ServiceKind.KIND)).isEqualTo(1));

        client.services().inNamespace("d3-team").withName("egressfed-d3-pay").delete();

        await().atMost(PROMPTLY).pollInterval(Duration.ofMillis(10)).untilAsserted(() ->
                assertThat(cluster.service("d3-team", "egressfed-d3-pay")).isNotNull());
        // The write is visible before the sync counts it: the count may trail briefly.
        await().atMost(PROMPTLY).untilAsserted(() ->
                assertThat(harness.metrics().driftCorrections(ServiceKind.KIND)).isEqualTo(2));
    }
}
