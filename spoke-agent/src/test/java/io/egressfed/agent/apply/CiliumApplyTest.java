package io.egressfed.agent.apply;

import static io.egressfed.agent.apply.Configs.assignment;
import static io.egressfed.agent.apply.Configs.config;
import static org.assertj.core.api.Assertions.assertThat;

import io.egressfed.agent.backend.Ownership;
import io.egressfed.agent.backend.cilium.CiliumPolicySchema;
import io.egressfed.agent.backend.cilium.CiliumResources;
import io.egressfed.api.v1alpha1.Backend;
import io.egressfed.api.v1alpha1.LabelSelector;
import io.egressfed.api.v1alpha1.LabelSelectorRequirement;
import io.egressfed.api.v1alpha1.WorkloadSelector;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The cilium backend writes, changes and deletes exactly the policies the config asks for. */
@EnableKubernetesMockClient(crud = true)
class CiliumApplyTest {

    KubernetesClient client;
    private MockCluster cluster;
    private AgentHarness harness;

    @BeforeEach
    void installCilium() {
        cluster = new MockCluster(client);
        cluster.installCilium();
    }

    @AfterEach
    void stopAgent() {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void writesOneSchemaValidPolicyPerAssignmentThroughANodeCarryingItsAddress() {
        cluster.node("w1-a", Map.of("pool", "w1"), "198.51.100.10", true);
        cluster.node("w1-b", Map.of("pool", "w1"), "198.51.100.11, 198.51.100.10", true);
        cluster.node("w1-c", Map.of("pool", "w1"), "198.51.100.12", true);
        cluster.node("w1-outsider", Map.of(), "198.51.100.11", true);
        harness = new AgentHarness(client, "c-w1", "agent-w1");

        ApplyOutcome outcome = harness.apply(config("c-w1", 1, Backend.BACKEND_CILIUM, "w1", List.of(
                assignment("w1-pay", "198.51.100.10").addExceptCidrs("203.0.113.128/25").build(),
                assignment("w1-ship", "198.51.100.11").build())));

        assertThat(outcome).isEqualTo(ApplyOutcome.applied(1));
        GenericKubernetesResource pay = cluster.policy("egressfed-w1-pay");
        GenericKubernetesResource ship = cluster.policy("egressfed-w1-ship");
        CiliumPolicySchema.assertValid(pay);
        CiliumPolicySchema.assertValid(ship);
        assertThat(pay.getMetadata().getLabels())
                .containsEntry(Ownership.MANAGED_BY, "egressfed").containsEntry(Ownership.INTENT, "w1-pay");
        assertThat(pay.getMetadata().getAnnotations()).containsEntry(Ownership.CONFIG_VERSION, "1");
        assertThat(gatewayIp(pay)).isEqualTo("198.51.100.10");
        assertThat(gatewayHostname(pay)).isIn("w1-a", "w1-b");
        assertThat(spec(pay)).containsEntry("destinationCIDRs", List.of("203.0.113.0/24"))
                .containsEntry("excludedCIDRs", List.of("203.0.113.128/25"));
        assertThat(gatewayHostname(ship)).as("only w1-b matches the gateway selector and lists .11").isEqualTo("w1-b");
        assertThat(spec(ship)).doesNotContainKey("excludedCIDRs");
        assertThat(harness.agent().lastAppliedVersion()).isEqualTo(1);
    }

    @Test
    void createsUpdatesAndDeletesAsTheConfigChanges() {
        cluster.node("w2-a", Map.of("pool", "w2"), "198.51.100.20,198.51.100.21,198.51.100.22", true);
        harness = new AgentHarness(client, "c-w2", "agent-w2");
        assertThat(harness.apply(config("c-w2", 1, Backend.BACKEND_CILIUM, "w2", List.of(
                assignment("w2-keep", "198.51.100.20").build(),
                assignment("w2-drop", "198.51.100.21").build())))).isEqualTo(ApplyOutcome.applied(1));
        assertThat(cluster.policy("egressfed-w2-drop")).isNotNull();

        ApplyOutcome second = harness.apply(config("c-w2", 2, Backend.BACKEND_CILIUM, "w2", List.of(
                assignment("w2-keep", "198.51.100.20").clearDestinationCidrs().addDestinationCidrs("192.0.2.0/24").build(),
                assignment("w2-new", "198.51.100.22").build())));

        assertThat(second).isEqualTo(ApplyOutcome.applied(2));
        assertThat(cluster.policy("egressfed-w2-drop")).as("no longer in the config").isNull();
        GenericKubernetesResource kept = cluster.policy("egressfed-w2-keep");
        assertThat(spec(kept)).containsEntry("destinationCIDRs", List.of("192.0.2.0/24"));
        assertThat(kept.getMetadata().getAnnotations()).containsEntry(Ownership.CONFIG_VERSION, "2");
        CiliumPolicySchema.assertValid(kept);
        CiliumPolicySchema.assertValid(cluster.policy("egressfed-w2-new"));

        String resourceVersion = kept.getMetadata().getResourceVersion();
        assertThat(harness.apply(config("c-w2", 3, Backend.BACKEND_CILIUM, "w2", List.of(
                assignment("w2-keep", "198.51.100.20").clearDestinationCidrs().addDestinationCidrs("192.0.2.0/24").build(),
                assignment("w2-new", "198.51.100.22").build())))).isEqualTo(ApplyOutcome.applied(3));
        GenericKubernetesResource unchanged = cluster.policy("egressfed-w2-keep");
        assertThat(unchanged.getMetadata().getResourceVersion()).as("same content is not rewritten").isEqualTo(resourceVersion);
        assertThat(unchanged.getMetadata().getAnnotations()).containsEntry(Ownership.CONFIG_VERSION, "2");
    }

    @Test
    void deletesOwnedPoliciesNoConfigWantsAndLeavesForeignOnesAlone() {
        cluster.node("w3-a", Map.of("pool", "w3"), "198.51.100.30", true);
        client.genericKubernetesResources(CiliumResources.POLICIES).resource(policy("w3-stray",
                Map.of(Ownership.MANAGED_BY, "egressfed", Ownership.INTENT, "gone"))).create();
        client.genericKubernetesResources(CiliumResources.POLICIES).resource(policy("w3-foreign", Map.of("team", "net")))
                .create();
        harness = new AgentHarness(client, "c-w3", "agent-w3");

        assertThat(harness.apply(config("c-w3", 1, Backend.BACKEND_CILIUM, "w3", List.of(
                assignment("w3-pay", "198.51.100.30").build())))).isEqualTo(ApplyOutcome.applied(1));

        assertThat(cluster.policy("w3-stray")).isNull();
        assertThat(cluster.policy("w3-foreign")).isNotNull();
        assertThat(cluster.ownedPolicies()).extracting(p -> p.getMetadata().getName()).containsExactly("egressfed-w3-pay");
    }

    @Test
    void mapsWorkloadSelectorsOntoPolicySelectors() {
        cluster.node("w4-a", Map.of("pool", "w4"), "198.51.100.40,198.51.100.41", true);
        harness = new AgentHarness(client, "c-w4", "agent-w4");
        LabelSelector expressions = LabelSelector.newBuilder()
                .addMatchExpressions(LabelSelectorRequirement.newBuilder().setKey("tier").setOperator("In")
                        .addValues("gold").addValues("silver"))
                .addMatchExpressions(LabelSelectorRequirement.newBuilder().setKey("legacy").setOperator("DoesNotExist"))
                .build();

        assertThat(harness.apply(config("c-w4", 1, Backend.BACKEND_CILIUM, "w4", List.of(
                assignment("w4-expr", "198.51.100.40").setWorkloads(WorkloadSelector.newBuilder()
                        .setNamespaceSelector(expressions)
                        .setPodSelector(LabelSelector.newBuilder().putMatchLabels("app", "api"))).build(),
                assignment("w4-any-namespace", "198.51.100.41").setWorkloads(WorkloadSelector.newBuilder()
                        .setPodSelector(LabelSelector.newBuilder().putMatchLabels("app", "batch"))).build()))))
                .isEqualTo(ApplyOutcome.applied(1));

        GenericKubernetesResource expr = cluster.policy("egressfed-w4-expr");
        CiliumPolicySchema.assertValid(expr);
        assertThat(spec(expr).get("selectors")).isEqualTo(List.of(Map.of(
                "namespaceSelector", Map.of("matchExpressions", List.of(
                        Map.of("key", "tier", "operator", "In", "values", List.of("gold", "silver")),
                        Map.of("key", "legacy", "operator", "DoesNotExist"))),
                "podSelector", Map.of("matchLabels", Map.of("app", "api")))));
        GenericKubernetesResource any = cluster.policy("egressfed-w4-any-namespace");
        CiliumPolicySchema.assertValid(any);
        assertThat(spec(any).get("selectors")).as("an empty namespace selector is left out: every namespace")
                .isEqualTo(List.of(Map.of("podSelector", Map.of("matchLabels", Map.of("app", "batch")))));
    }

    @Test
    void malformedConfigIsRefusedWithTheFieldAndChangesNothing() {
        cluster.node("w5-a", Map.of("pool", "w5"), "198.51.100.50", true);
        harness = new AgentHarness(client, "c-w5", "agent-w5");
        assertThat(harness.apply(config("c-w5", 1, Backend.BACKEND_CILIUM, "w5", List.of(
                assignment("w5-pay", "198.51.100.50").build())))).isEqualTo(ApplyOutcome.applied(1));
        String before = cluster.policy("egressfed-w5-pay").getMetadata().getResourceVersion();

        ApplyOutcome outcome = harness.apply(config("c-w5", 2, Backend.BACKEND_CILIUM, "w5", List.of(
                assignment("w5-pay", "198.51.100.50").clearDestinationCidrs().addDestinationCidrs("203.0.113.0/33").build(),
                assignment("w5-new", "198.51.100.999").build())));

        assertThat(outcome.applied()).isFalse();
        assertThat(outcome.assignmentErrors())
                .containsEntry("w5-pay", "assignments[0].destination_cidrs[0]: \"203.0.113.0/33\" is not a CIDR")
                .containsEntry("w5-new", "assignments[1].egress_ip: \"198.51.100.999\" is not an IP address");
        assertThat(cluster.policy("egressfed-w5-pay").getMetadata().getResourceVersion()).isEqualTo(before);
        assertThat(cluster.policy("egressfed-w5-new")).isNull();
        assertThat(harness.agent().lastAppliedVersion()).isEqualTo(1);
    }

    private static GenericKubernetesResource policy(String name, Map<String, String> labels) {
        GenericKubernetesResource policy = new GenericKubernetesResource();
        policy.setApiVersion("cilium.io/v2");
        policy.setKind(CiliumResources.POLICY_KIND);
        policy.setMetadata(new ObjectMetaBuilder().withName(name).withLabels(labels).build());
        policy.setAdditionalProperties(new LinkedHashMap<>(Map.of("spec", Map.of(
                "destinationCIDRs", List.of("0.0.0.0/0"),
                "selectors", List.of(Map.of("podSelector", Map.of())),
                "egressGateway", Map.of("nodeSelector", Map.of("matchLabels", Map.of("x", "y")))))));
        return policy;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> spec(GenericKubernetesResource policy) {
        return (Map<String, Object>) policy.getAdditionalProperties().get("spec");
    }

    @SuppressWarnings("unchecked")
    static String gatewayHostname(GenericKubernetesResource policy) {
        Map<String, Object> gateway = (Map<String, Object>) spec(policy).get("egressGateway");
        Map<String, Object> selector = (Map<String, Object>) gateway.get("nodeSelector");
        return ((Map<String, String>) selector.get("matchLabels")).get(Ownership.HOSTNAME);
    }

    @SuppressWarnings("unchecked")
    static Map<String, String> gatewayLabels(GenericKubernetesResource policy) {
        Map<String, Object> gateway = (Map<String, Object>) spec(policy).get("egressGateway");
        return (Map<String, String>) ((Map<String, Object>) gateway.get("nodeSelector")).get("matchLabels");
    }

    @SuppressWarnings("unchecked")
    static String gatewayIp(GenericKubernetesResource policy) {
        return (String) ((Map<String, Object>) spec(policy).get("egressGateway")).get("egressIP");
    }
}
