package io.egressfed.agent.health;

import static io.egressfed.agent.apply.Configs.assignment;
import static io.egressfed.agent.apply.Configs.config;
import static org.assertj.core.api.Assertions.assertThat;

import io.egressfed.agent.apply.AgentHarness;
import io.egressfed.agent.apply.ApplyOutcome;
import io.egressfed.agent.apply.MockCluster;
import io.egressfed.api.v1alpha1.AssignmentHealth;
import io.egressfed.api.v1alpha1.AssignmentRole;
import io.egressfed.api.v1alpha1.Backend;
import io.egressfed.api.v1alpha1.GatewayInventory;
import io.egressfed.api.v1alpha1.HealthReport;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The health report: cluster facts, the gateway inventory from node annotations, and each assignment. */
@EnableKubernetesMockClient(crud = true)
class HealthReportTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:15:30.5Z");

    KubernetesClient client;
    private MockCluster cluster;
    private AgentHarness harness;

    @BeforeEach
    void setUp() {
        cluster = new MockCluster(client);
        cluster.installCilium();
        cluster.node("h-a", Map.of("pool", "h"), "198.51.100.121, 198.51.100.120,not-an-ip", true);
        cluster.node("h-b", Map.of("pool", "h"), "198.51.100.122", true);
        cluster.node("h-nocilium", Map.of("pool", "h"), "198.51.100.123", false);
        cluster.node("h-other", Map.of(), "198.51.100.124", true);
        cluster.node("h-bare", Map.of("pool", "h"), "", true);
        harness = new AgentHarness(client, "c-h", "agent-h");
    }

    @AfterEach
    void stopAgent() {
        harness.close();
    }

    @Test
    void reportsTheInventoryOfEveryAnnotatedNodeBeforeAnyConfig() {
        HealthReport report = reporter().report().join();

        assertThat(report.getCluster()).isEqualTo("c-h");
        assertThat(report.getAgentVersion()).isEqualTo("0.1.0-test");
        assertThat(report.getDetectedBackendsList()).containsExactly(Backend.BACKEND_CILIUM);
        assertThat(report.getAppliedVersion()).isZero();
        assertThat(report.getAssignmentsList()).isEmpty();
        assertThat(report.getObservedAt().getSeconds()).isEqualTo(NOW.getEpochSecond());
        assertThat(report.getObservedAt().getNanos()).isEqualTo(500_000_000);
        assertThat(report.getInventoryList()).extracting(GatewayInventory::getNode)
                .containsExactly("h-a", "h-b", "h-nocilium", "h-other");
    }

    @Test
    void reportsTheGatewayInventoryAndEachAssignment() {
        cluster.setCordoned("h-b", true);
        assertThat(harness.apply(config("c-h", 3, Backend.BACKEND_CILIUM, "h", List.of(
                assignment("h-pay", "198.51.100.120").build(),
                assignment("h-ship", "198.51.100.122").build(),
                assignment("h-spare", "198.51.100.121").setRole(AssignmentRole.ASSIGNMENT_ROLE_STANDBY).build())))).isEqualTo(ApplyOutcome.applied(3));

        HealthReport report = reporter().report().join();

        assertThat(report.getAppliedVersion()).isEqualTo(3);
        assertThat(report.getInventoryList()).containsExactly(
                GatewayInventory.newBuilder().setNode("h-a").addAddresses("198.51.100.120").addAddresses("198.51.100.121")
                        .setReady(true).build(),
                GatewayInventory.newBuilder().setNode("h-b").addAddresses("198.51.100.122").setReady(false).build(),
                GatewayInventory.newBuilder().setNode("h-nocilium").addAddresses("198.51.100.123").setReady(false).build());
        assertThat(report.getAssignmentsList()).containsExactly(
                AssignmentHealth.newBuilder().setIntent("h-pay").setEgressIp("198.51.100.120")
                        .setRole(AssignmentRole.ASSIGNMENT_ROLE_ACTIVE).setBackendObjectPresent(true)
                        .setGatewayNode("h-a").setGatewayReady(true).setHealthy(true).build(),
                AssignmentHealth.newBuilder().setIntent("h-ship").setEgressIp("198.51.100.122")
                        .setRole(AssignmentRole.ASSIGNMENT_ROLE_ACTIVE).setBackendObjectPresent(true)
                        .setHealthy(false).setReason("no healthy gateway node carries 198.51.100.122 (h-b: cordoned);"
                                + " the policy selects no node, matching traffic is dropped").build(),
                AssignmentHealth.newBuilder().setIntent("h-spare").setEgressIp("198.51.100.121")
                        .setRole(AssignmentRole.ASSIGNMENT_ROLE_STANDBY).setHealthy(true)
                        .setReason("standby: nothing is written in this cluster").build());
    }

    private AgentHealthReporter reporter() {
        return new AgentHealthReporter(harness.settings(), harness.agent(), Clock.fixed(NOW, ZoneOffset.UTC));
    }
}
