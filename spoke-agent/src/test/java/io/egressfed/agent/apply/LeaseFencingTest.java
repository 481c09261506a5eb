package io.egressfed.agent.apply;

import static io.egressfed.agent.apply.CiliumApplyTest.gatewayHostname;
import static io.egressfed.agent.apply.CiliumApplyTest.gatewayLabels;
import static io.egressfed.agent.apply.Configs.activePassive;
import static io.egressfed.agent.apply.Configs.assignment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Leases on the cilium backend, time driven by the test: an ACTIVE ActivePassive policy points at a
 * gateway node only while a lease for its epoch is live, and selects no node otherwise.
 */
@EnableKubernetesMockClient(crud = true)
class LeaseFencingTest {

    private static final Duration LEASE = Duration.ofSeconds(5);
    private static final Duration FENCE_AHEAD = Duration.ofSeconds(1);
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Map<String, String> NO_GATEWAY_AP = Map.of(Ownership.NO_GATEWAY, "ap");

    KubernetesClient client;
    private MockCluster cluster;
    private AgentHarness harness;

    @BeforeEach
    void setUp() {
        cluster = new MockCluster(client);
        cluster.installCilium();
        cluster.node("l-a", Map.of("pool", "l"), "198.51.100.120,198.51.100.121", true);
        harness = new AgentHarness(client, "c-l", "agent-l");
    }

    @AfterEach
    void stopAgent() {
        harness.close();
    }

    @Test
    void aLeaseThatRunsOutFencesTheAssignmentAndANewGrantHoldsItAgain() {
        harness.grant(LEASE, "ap", 3);
        assertThat(harness.apply(config(1, AssignmentRole.ASSIGNMENT_ROLE_ACTIVE, 3))).isEqualTo(ApplyOutcome.applied(1));
        assertThat(gatewayHostname(cluster.policy("egressfed-ap"))).isEqualTo("l-a");
        assertThat(harness.agent().leaseMetrics().remainingSeconds()).hasValue(4.0);

        harness.time().advance(LEASE.minus(FENCE_AHEAD).minusMillis(1));
        assertThat(harness.leases().status("ap", 3).live()).as("still live 1 ms before the fence").isTrue();
        harness.time().advance(Duration.ofMillis(1));

        await().atMost(WAIT).untilAsserted(() ->
                assertThat(gatewayLabels(cluster.policy("egressfed-ap"))).isEqualTo(NO_GATEWAY_AP));
        CiliumPolicySchema.assertValid(cluster.policy("egressfed-ap"));
        assertThat(gatewayHostname(cluster.policy("egressfed-pc"))).as("PerCluster ignores leases").isEqualTo("l-a");
        assertThat(harness.agent().leaseMetrics().fences()).isEqualTo(1);
        assertThat(harness.agent().leaseMetrics().remainingSeconds()).as("nothing is held").isEmpty();
        AssignmentHealth fenced = health("ap");
        assertThat(fenced.getRole()).isEqualTo(AssignmentRole.ASSIGNMENT_ROLE_FENCED);
        assertThat(fenced.getGatewayNode()).isEmpty();
        assertThat(fenced.getReason()).startsWith("no live lease from the hub: the hub's lease for epoch 3 ran out")
                .contains("selects no gateway node");
        assertThat(health("pc").getRole()).isEqualTo(AssignmentRole.ASSIGNMENT_ROLE_ACTIVE);

        harness.grant(LEASE, "ap", 3);

        await().atMost(WAIT).untilAsserted(() ->
                assertThat(gatewayHostname(cluster.policy("egressfed-ap"))).isEqualTo("l-a"));
        assertThat(health("ap").getRole()).isEqualTo(AssignmentRole.ASSIGNMENT_ROLE_ACTIVE);
        assertThat(health("ap").getReason()).isEmpty();
    }

    @Test
    void anActiveAssignmentAppliedWithoutALeaseIsAppliedFencedUntilAGrantArrives() {
        ApplyOutcome outcome = harness.apply(config(1, AssignmentRole.ASSIGNMENT_ROLE_ACTIVE, 3));

        assertThat(outcome).isEqualTo(ApplyOutcome.applied(1));
        assertThat(gatewayLabels(cluster.policy("egressfed-ap"))).as("the ACK already means fenced")
                .isEqualTo(NO_GATEWAY_AP);
        assertThat(gatewayHostname(cluster.policy("egressfed-pc"))).isEqualTo("l-a");
        assertThat(health("ap").getReason())
                .startsWith("no live lease from the hub: the hub has granted no lease for epoch 3 since the agent started");
        assertThat(harness.agent().leaseMetrics().fences()).as("never held, so never fenced by a lapse").isZero();

        harness.grant(LEASE, "ap", 3);

        await().atMost(WAIT).untilAsserted(() ->
                assertThat(gatewayHostname(cluster.policy("egressfed-ap"))).isEqualTo("l-a"));
    }

    @Test
    void aGrantThatOvertakesItsConfigHoldsTheAssignmentWhenTheConfigIsApplied() {
        harness.grant(LEASE, "ap", 7);
        harness.time().advance(Duration.ofSeconds(2));

        assertThat(harness.apply(config(1, AssignmentRole.ASSIGNMENT_ROLE_ACTIVE, 7))).isEqualTo(ApplyOutcome.applied(1));

        assertThat(gatewayHostname(cluster.policy("egressfed-ap"))).isEqualTo("l-a");
    }

    @Test
    void aGrantForAnOlderEpochDoesNotHoldANewerEpoch() {
        harness.grant(LEASE, "ap", 3);

        assertThat(harness.apply(config(1, AssignmentRole.ASSIGNMENT_ROLE_ACTIVE, 5))).isEqualTo(ApplyOutcome.applied(1));

        assertThat(gatewayLabels(cluster.policy("egressfed-ap"))).isEqualTo(NO_GATEWAY_AP);
        assertThat(health("ap").getReason()).contains("no lease for epoch 5 (its newest grant was for epoch 3)");
    }

    @Test
    void fencedAndStandbyRolesAreNeverHeldEvenWithAGrantForTheirIntent() {
        harness.grant(LEASE, "ap", 4);

        assertThat(harness.apply(config(1, AssignmentRole.ASSIGNMENT_ROLE_FENCED, 4))).isEqualTo(ApplyOutcome.applied(1));
        assertThat(gatewayLabels(cluster.policy("egressfed-ap"))).isEqualTo(NO_GATEWAY_AP);
        assertThat(health("ap").getRole()).isEqualTo(AssignmentRole.ASSIGNMENT_ROLE_FENCED);

        assertThat(harness.apply(config(2, AssignmentRole.ASSIGNMENT_ROLE_STANDBY, 4))).isEqualTo(ApplyOutcome.applied(2));
        assertThat(cluster.policy("egressfed-ap")).isNull();
        assertThat(harness.agent().leaseMetrics().remainingSeconds()).isEmpty();
    }

    @Test
    void afterARestartActivePassiveAssignmentsStartFencedUntilTheHubGrantsAgain() {
        harness.grant(LEASE, "ap", 3);
        assertThat(harness.apply(config(1, AssignmentRole.ASSIGNMENT_ROLE_ACTIVE, 3))).isEqualTo(ApplyOutcome.applied(1));
        assertThat(gatewayHostname(cluster.policy("egressfed-ap"))).isEqualTo("l-a");
        harness.close();

        harness = new AgentHarness(client, "c-l", "agent-l");
        assertThat(harness.agent().lastAppliedVersion()).isEqualTo(1);
        assertThat(harness.apply(config(1, AssignmentRole.ASSIGNMENT_ROLE_ACTIVE, 3)))
                .as("the hub resends the current config after a start").isEqualTo(ApplyOutcome.applied(1));

        assertThat(gatewayLabels(cluster.policy("egressfed-ap"))).isEqualTo(NO_GATEWAY_AP);
        assertThat(gatewayHostname(cluster.policy("egressfed-pc"))).isEqualTo("l-a");

        harness.grant(LEASE, "ap", 3);

        await().atMost(WAIT).untilAsserted(() ->
                assertThat(gatewayHostname(cluster.policy("egressfed-ap"))).isEqualTo("l-a"));
    }

    private AssignmentHealth health(String intent) {
        return harness.health().getAssignmentsList().stream().filter(a -> a.getIntent().equals(intent))
                .findFirst().orElseThrow();
    }

    private static ClusterConfig config(long version, AssignmentRole role, long epoch) {
        return Configs.config("c-l", version, Backend.BACKEND_CILIUM, "l", List.of(
                activePassive("ap", "198.51.100.120", role, epoch).build(),
                assignment("pc", "198.51.100.121").build()));
    }
}
