package io.egressfed.agent.apply;

import static io.egressfed.agent.apply.CiliumApplyTest.gatewayHostname;
import static io.egressfed.agent.apply.CiliumApplyTest.gatewayIp;
import static io.egressfed.agent.apply.CiliumApplyTest.gatewayLabels;
import static io.egressfed.agent.apply.Configs.activePassive;
import static io.egressfed.agent.apply.Configs.assignment;
import static io.egressfed.agent.apply.Configs.config;
import static org.assertj.core.api.Assertions.assertThat;

import io.egressfed.agent.backend.Ownership;
import io.egressfed.agent.backend.cilium.CiliumPolicySchema;
import io.egressfed.api.v1alpha1.AssignmentHealth;
import io.egressfed.api.v1alpha1.AssignmentRole;
import io.egressfed.api.v1alpha1.Backend;
import io.egressfed.api.v1alpha1.ClusterConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** FENCED in the config, and local fencing on request, on the cilium backend. */
@EnableKubernetesMockClient(crud = true)
class ApplyFencingTest {

    private static final Duration LEASE = Duration.ofSeconds(5);
    private static final Map<String, String> NO_GATEWAY_AP = Map.of(Ownership.NO_GATEWAY, "ap");

    KubernetesClient client;
    private MockCluster cluster;
    private AgentHarness harness;

    @BeforeEach
    void setUp() {
        cluster = new MockCluster(client);
        cluster.installCilium();
        cluster.node("f-a", Map.of("pool", "f"), "198.51.100.100,198.51.100.101", true);
        harness = new AgentHarness(client, "c-f", "agent-f");
    }

    @AfterEach
    void stopAgent() {
        harness.close();
    }

    @Test
    void fencedRoleKeepsThePolicyPointingAtNoNode() {
        assertThat(harness.apply(config(2, AssignmentRole.ASSIGNMENT_ROLE_FENCED, 3))).isEqualTo(ApplyOutcome.applied(2));

        assertThat(gatewayLabels(cluster.policy("egressfed-ap"))).isEqualTo(NO_GATEWAY_AP);
        assertThat(gatewayIp(cluster.policy("egressfed-ap"))).isEqualTo("198.51.100.100");
        CiliumPolicySchema.assertValid(cluster.policy("egressfed-ap"));
        AssignmentHealth health = harness.health().getAssignmentsList().stream()
                .filter(a -> a.getIntent().equals("ap")).findFirst().orElseThrow();
        assertThat(health.getRole()).isEqualTo(AssignmentRole.ASSIGNMENT_ROLE_FENCED);
        assertThat(health.getBackendObjectPresent()).isTrue();
        assertThat(health.getGatewayNode()).isEmpty();
        assertThat(health.getReason()).contains("fenced");
    }

    @Test
    void standbyRoleWritesNothing() {
        assertThat(harness.apply(config(1, AssignmentRole.ASSIGNMENT_ROLE_STANDBY, 3))).isEqualTo(ApplyOutcome.applied(1));

        assertThat(cluster.policy("egressfed-ap")).isNull();
        assertThat(cluster.policy("egressfed-pc")).isNotNull();
    }

    @Test
    void fencesActivePassiveAssignmentsOnRequestUntilANewerEpochArrives() {
        harness.grant(LEASE, "ap", 3);
        assertThat(harness.apply(config(1, AssignmentRole.ASSIGNMENT_ROLE_ACTIVE, 3))).isEqualTo(ApplyOutcome.applied(1));
        assertThat(gatewayHostname(cluster.policy("egressfed-ap"))).isEqualTo("f-a");

        FenceOutcome fenced = AgentHarness.await(harness.agent().fenceAllActivePassive());

        assertThat(fenced).isEqualTo(new FenceOutcome(Set.of("ap"), Map.of()));
        assertThat(gatewayLabels(cluster.policy("egressfed-ap"))).isEqualTo(NO_GATEWAY_AP);
        assertThat(gatewayHostname(cluster.policy("egressfed-pc"))).as("PerCluster is not fenced").isEqualTo("f-a");
        assertThat(harness.health().getAssignmentsList()).filteredOn(a -> a.getIntent().equals("ap"))
                .extracting(AssignmentHealth::getRole).containsExactly(AssignmentRole.ASSIGNMENT_ROLE_FENCED);

        assertThat(harness.apply(config(2, AssignmentRole.ASSIGNMENT_ROLE_ACTIVE, 3))).isEqualTo(ApplyOutcome.applied(2));
        assertThat(gatewayLabels(cluster.policy("egressfed-ap"))).as("same epoch: the fence holds").isEqualTo(NO_GATEWAY_AP);

        harness.grant(LEASE, "ap", 4);
        assertThat(harness.apply(config(3, AssignmentRole.ASSIGNMENT_ROLE_ACTIVE, 4))).isEqualTo(ApplyOutcome.applied(3));
        assertThat(gatewayHostname(cluster.policy("egressfed-ap"))).as("the hub decided anew").isEqualTo("f-a");
    }

    @Test
    void fencesOneIntentAndLiftsTheFence() {
        harness.grant(LEASE, "ap", 3);
        assertThat(harness.apply(config(1, AssignmentRole.ASSIGNMENT_ROLE_ACTIVE, 3))).isEqualTo(ApplyOutcome.applied(1));

        assertThat(AgentHarness.await(harness.agent().fence("ap"))).isEqualTo(new FenceOutcome(Set.of("ap"), Map.of()));
        assertThat(gatewayLabels(cluster.policy("egressfed-ap"))).isEqualTo(NO_GATEWAY_AP);
        assertThat(AgentHarness.await(harness.agent().fence("unknown")).intents()).isEmpty();

        assertThat(AgentHarness.await(harness.agent().unfence("ap"))).isEqualTo(new FenceOutcome(Set.of("ap"), Map.of()));
        assertThat(gatewayHostname(cluster.policy("egressfed-ap"))).isEqualTo("f-a");
        assertThat(AgentHarness.await(harness.agent().unfence("ap")).intents()).as("not fenced any more").isEmpty();
    }

    private static ClusterConfig config(long version, AssignmentRole role, long epoch) {
        return Configs.config("c-f", version, Backend.BACKEND_CILIUM, "f", List.of(
                activePassive("ap", "198.51.100.100", role, epoch).build(),
                assignment("pc", "198.51.100.101").build()));
    }
}
