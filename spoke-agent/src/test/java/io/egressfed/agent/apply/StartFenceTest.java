package io.egressfed.agent.apply;

import static io.egressfed.agent.apply.CiliumApplyTest.gatewayHostname;
import static io.egressfed.agent.apply.CiliumApplyTest.gatewayLabels;
import static io.egressfed.agent.apply.Configs.activePassive;
import static io.egressfed.agent.apply.Configs.assignment;
import static org.assertj.core.api.Assertions.assertThat;

import io.egressfed.agent.backend.Ownership;
import io.egressfed.agent.backend.cilium.CiliumPolicySchema;
import io.egressfed.agent.backend.cilium.CiliumResources;
import io.egressfed.agent.backend.kubevip.KubeVipAnnotations;
import io.egressfed.api.v1alpha1.AssignmentRole;
import io.egressfed.api.v1alpha1.Backend;
import io.egressfed.api.v1alpha1.ClusterConfig;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A restarted agent fences every owned ActivePassive object before it hears from the hub, so an address
 * held by the previous run is not carried on while the hub is unreachable; PerCluster objects, and
 * objects whose mode the agent cannot tell, stay as they are.
 */
@EnableKubernetesMockClient(crud = true)
class StartFenceTest {

    private static final Duration LEASE = Duration.ofSeconds(5);

    KubernetesClient client;
    private AgentHarness harness;

    @AfterEach
    void stopAgent() {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void objectsAreMarkedWithTheirPlacementModeAndEpoch() {
        MockCluster cluster = ciliumCluster("m-a", "198.51.100.130,198.51.100.131");
        harness = new AgentHarness(client, "c-m", "agent-m");
        harness.grant(LEASE, "m-ap", 4);

        assertThat(harness.apply(ciliumConfig("c-m", "m", "198.51.100.13", 4))).isEqualTo(ApplyOutcome.applied(1));

        GenericKubernetesResource ap = cluster.policy("egressfed-m-ap");
        assertThat(ap.getMetadata().getLabels()).containsEntry(Ownership.MODE, Ownership.MODE_ACTIVE_PASSIVE);
        assertThat(ap.getMetadata().getAnnotations()).containsEntry(Ownership.EPOCH, "4");
        GenericKubernetesResource pc = cluster.policy("egressfed-m-pc");
        assertThat(pc.getMetadata().getLabels()).containsEntry(Ownership.MODE, Ownership.MODE_PER_CLUSTER);
        assertThat(pc.getMetadata().getAnnotations()).doesNotContainKey(Ownership.EPOCH);
        CiliumPolicySchema.assertValid(ap);
        CiliumPolicySchema.assertValid(pc);
    }

    @Test
    void aRestartedAgentFencesHeldActivePassivePoliciesBeforeAnyConfigAndLeavesPerClusterAlone() {
        MockCluster cluster = ciliumCluster("r-a", "198.51.100.140,198.51.100.141");
        harness = new AgentHarness(client, "c-r", "agent-r");
        harness.grant(LEASE, "r-ap", 2);
        assertThat(harness.apply(ciliumConfig("c-r", "r", "198.51.100.14", 2))).isEqualTo(ApplyOutcome.applied(1));
        assertThat(gatewayHostname(cluster.policy("egressfed-r-ap"))).as("held before the restart").isEqualTo("r-a");
        String perClusterVersion = cluster.policy("egressfed-r-pc").getMetadata().getResourceVersion();
        harness.close();

        // The hub is unreachable: the restarted applier is started and never handed a config.
        harness = new AgentHarness(client, "c-r", "agent-r");

        GenericKubernetesResource ap = cluster.policy("egressfed-r-ap");
        assertThat(gatewayLabels(ap)).isEqualTo(Map.of(Ownership.NO_GATEWAY, "r-ap"));
        assertThat(ap.getMetadata().getAnnotations()).containsEntry(Ownership.GATEWAY_NODE, "");
        CiliumPolicySchema.assertValid(ap);
        GenericKubernetesResource pc = cluster.policy("egressfed-r-pc");
        assertThat(gatewayHostname(pc)).isEqualTo("r-a");
        assertThat(pc.getMetadata().getResourceVersion()).as("not written at all").isEqualTo(perClusterVersion);

        harness.grant(LEASE, "r-ap", 2);
        assertThat(harness.apply(ciliumConfig("c-r", "r", "198.51.100.14", 2)))
                .as("the hub's resent config holds it again under a lease").isEqualTo(ApplyOutcome.applied(1));
        assertThat(gatewayHostname(cluster.policy("egressfed-r-ap"))).isEqualTo("r-a");
    }

    @Test
    void aRestartedAgentReleasesActivePassiveVipServicesAndKeepsPerClusterOnes() {
        MockCluster cluster = new MockCluster(client);
        cluster.installKubeVip("kube-system");
        workload(cluster, "v-ap");
        workload(cluster, "v-pc");
        harness = new AgentHarness(client, "c-v", "agent-v");
        harness.grant(LEASE, "v-ap", 9);
        ClusterConfig config = Configs.config("c-v", 1, Backend.BACKEND_KUBE_VIP, "", List.of(
                activePassive("v-ap", "198.51.100.150", AssignmentRole.ASSIGNMENT_ROLE_ACTIVE, 9).build(),
                assignment("v-pc", "198.51.100.151").build()));
        assertThat(harness.apply(config)).isEqualTo(ApplyOutcome.applied(1));
        assertThat(cluster.service("v-ap-ns", "egressfed-v-ap").getMetadata().getAnnotations())
                .containsEntry(KubeVipAnnotations.LOADBALANCER_IPS, "198.51.100.150")
                .containsEntry(Ownership.EPOCH, "9");
        harness.close();

        harness = new AgentHarness(client, "c-v", "agent-v");

        assertThat(cluster.service("v-ap-ns", "egressfed-v-ap")).as("the VIP is released").isNull();
        assertThat(cluster.service("v-pc-ns", "egressfed-v-pc").getMetadata().getAnnotations())
                .containsEntry(KubeVipAnnotations.LOADBALANCER_IPS, "198.51.100.151");
    }

    @Test
    void objectsOfAnOlderAgentWithoutTheModeMarkerAreLeftAloneAtStartAndMarkedByTheNextConfig() {
        MockCluster cluster = ciliumCluster("o-a", "198.51.100.160,198.51.100.161");
        harness = new AgentHarness(client, "c-o", "agent-o");
        harness.grant(LEASE, "o-ap", 1);
        assertThat(harness.apply(ciliumConfig("c-o", "o", "198.51.100.16", 1))).isEqualTo(ApplyOutcome.applied(1));
        harness.close();
        unmark("egressfed-o-ap");
        unmark("egressfed-o-pc");

        harness = new AgentHarness(client, "c-o", "agent-o");

        assertThat(gatewayHostname(cluster.policy("egressfed-o-ap"))).as("mode unknown: not fenced").isEqualTo("o-a");
        assertThat(gatewayHostname(cluster.policy("egressfed-o-pc"))).isEqualTo("o-a");

        assertThat(harness.apply(ciliumConfig("c-o", "o", "198.51.100.16", 1))).isEqualTo(ApplyOutcome.applied(1));
        assertThat(cluster.policy("egressfed-o-ap").getMetadata().getLabels())
                .containsEntry(Ownership.MODE, Ownership.MODE_ACTIVE_PASSIVE);
        assertThat(cluster.policy("egressfed-o-pc").getMetadata().getLabels())
                .containsEntry(Ownership.MODE, Ownership.MODE_PER_CLUSTER);
        assertThat(gatewayLabels(cluster.policy("egressfed-o-ap"))).as("no lease since the restart")
                .isEqualTo(Map.of(Ownership.NO_GATEWAY, "o-ap"));
    }

    /** Strips the mode label and the epoch, as an agent from before the marker wrote its objects. */
    private void unmark(String name) {
        client.genericKubernetesResources(CiliumResources.POLICIES).withName(name).edit(policy -> {
            Map<String, String> labels = new HashMap<>(policy.getMetadata().getLabels());
            labels.remove(Ownership.MODE);
            Map<String, String> annotations = new HashMap<>(policy.getMetadata().getAnnotations());
            annotations.remove(Ownership.EPOCH);
            policy.setMetadata(new ObjectMetaBuilder(policy.getMetadata()).withLabels(labels)
                    .withAnnotations(annotations).build());
            return policy;
        });
    }

    private MockCluster ciliumCluster(String node, String egressIps) {
        MockCluster cluster = new MockCluster(client);
        cluster.installCilium();
        cluster.node(node, Map.of("pool", node), egressIps, true);
        return cluster;
    }

    /**
     * Version 1: {prefix}-ap (ActivePassive, ACTIVE at {@code epoch}, address {@code addressBase}0) and
     * {prefix}-pc (PerCluster, {@code addressBase}1), through node pool {prefix}-a.
     */
    private static ClusterConfig ciliumConfig(String cluster, String prefix, String addressBase, long epoch) {
        return Configs.config(cluster, 1, Backend.BACKEND_CILIUM, prefix + "-a", List.of(
                activePassive(prefix + "-ap", addressBase + "0", AssignmentRole.ASSIGNMENT_ROLE_ACTIVE, epoch).build(),
                assignment(prefix + "-pc", addressBase + "1").build()));
    }

    private static void workload(MockCluster cluster, String intent) {
        cluster.namespace(intent + "-ns", Map.of("team", intent));
        cluster.pod(intent + "-ns", intent + "-0", Map.of("app", intent));
    }
}
