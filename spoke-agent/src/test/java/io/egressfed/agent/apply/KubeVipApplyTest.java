package io.egressfed.agent.apply;

import static io.egressfed.agent.apply.Configs.assignment;
import static io.egressfed.agent.apply.Configs.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.egressfed.agent.backend.Ownership;
import io.egressfed.agent.backend.kubevip.KubeVipAnnotations;
import io.egressfed.api.v1alpha1.AssignmentHealth;
import io.egressfed.api.v1alpha1.AssignmentRole;
import io.egressfed.api.v1alpha1.Backend;
import io.egressfed.api.v1alpha1.LabelSelector;
import io.egressfed.api.v1alpha1.LabelSelectorRequirement;
import io.egressfed.api.v1alpha1.WorkloadSelector;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The kube-vip backend: one egress Service per assignment, and a NACK for what kube-vip cannot express. */
@EnableKubernetesMockClient(crud = true)
class KubeVipApplyTest {

    KubernetesClient client;
    private MockCluster cluster;
    private AgentHarness harness;

    @BeforeEach
    void setUp() {
        cluster = new MockCluster(client);
        cluster.installKubeVip("kube-system");
    }

    @AfterEach
    void stopAgent() {
        harness.close();
    }

    @Test
    void writesAnEgressServiceSelectingTheOnePodInItsNamespace() {
        workload("k1-pay");
        harness = new AgentHarness(client, "c-k1", "agent-k1");

        ApplyOutcome outcome = harness.apply(config("c-k1", 4, Backend.BACKEND_KUBE_VIP, "", List.of(
                assignment("k1-pay", "198.51.100.80").addDestinationCidrs("192.0.2.0/24")
                        .addExceptCidrs("203.0.113.128/25").addDestinationPorts("443").addDestinationPorts("8443-8443")
                        .build())));

        assertThat(outcome).isEqualTo(ApplyOutcome.applied(4));
        Service service = cluster.service("k1-pay-ns", "egressfed-k1-pay");
        assertThat(service.getMetadata().getLabels())
                .containsEntry(Ownership.MANAGED_BY, "egressfed").containsEntry(Ownership.INTENT, "k1-pay");
        assertThat(service.getMetadata().getAnnotations())
                .containsEntry(KubeVipAnnotations.EGRESS, "true")
                .containsEntry(KubeVipAnnotations.LOADBALANCER_IPS, "198.51.100.80")
                .containsEntry(KubeVipAnnotations.EGRESS_ALLOWED_NETWORKS, "203.0.113.0/24,192.0.2.0/24")
                .containsEntry(KubeVipAnnotations.EGRESS_DENIED_NETWORKS, "203.0.113.128/25")
                .containsEntry(KubeVipAnnotations.EGRESS_DESTINATION_PORTS, "tcp:443,udp:443,tcp:8443,udp:8443")
                .containsEntry(Ownership.CONFIG_VERSION, "4")
                .doesNotContainKey(KubeVipAnnotations.EGRESS_IPV6);
        assertThat(service.getSpec().getType()).isEqualTo("LoadBalancer");
        assertThat(service.getSpec().getExternalTrafficPolicy()).isEqualTo("Local");
        assertThat(service.getSpec().getSelector()).isEqualTo(Map.of("app", "k1-pay"));
        assertThat(service.getSpec().getPorts()).extracting(ServicePort::getPort).containsExactly(9);
        assertThat(cluster.ownedServices()).hasSize(1);
    }

    @Test
    void updatesAndDeletesServicesAsTheConfigChangesKeepingKubeVipsAnnotations() {
        workload("k7-pay");
        workload("k7-ship");
        harness = new AgentHarness(client, "c-k7", "agent-k7");
        assertThat(harness.apply(config("c-k7", 1, Backend.BACKEND_KUBE_VIP, "", List.of(
                assignment("k7-pay", "198.51.100.89").addExceptCidrs("203.0.113.0/25").build(),
                assignment("k7-ship", "198.51.100.90").build())))).isEqualTo(ApplyOutcome.applied(1));
        cluster.announce("k7-pay-ns", "egressfed-k7-pay", "node-1", "10.0.0.9");

        assertThat(harness.apply(config("c-k7", 2, Backend.BACKEND_KUBE_VIP, "", List.of(
                assignment("k7-pay", "198.51.100.89").addDestinationPorts("443").build()))))
                .isEqualTo(ApplyOutcome.applied(2));

        assertThat(cluster.service("k7-ship-ns", "egressfed-k7-ship")).isNull();
        assertThat(cluster.service("k7-pay-ns", "egressfed-k7-pay").getMetadata().getAnnotations())
                .doesNotContainKey(KubeVipAnnotations.EGRESS_DENIED_NETWORKS)
                .containsEntry(KubeVipAnnotations.EGRESS_DESTINATION_PORTS, "tcp:443,udp:443")
                .containsEntry(Ownership.CONFIG_VERSION, "2")
                .containsEntry(KubeVipAnnotations.VIP_HOST, "node-1")
                .containsEntry(KubeVipAnnotations.ACTIVE_ENDPOINT, "10.0.0.9");
    }

    @Test
    void reportsWhatKubeVipWritesBack() {
        workload("k2-pay");
        cluster.node("k2-node", Map.of(), "", false);
        harness = new AgentHarness(client, "c-k2", "agent-k2");
        assertThat(harness.apply(config("c-k2", 1, Backend.BACKEND_KUBE_VIP, "",
                List.of(assignment("k2-pay", "198.51.100.81").build())))).isEqualTo(ApplyOutcome.applied(1));

        AssignmentHealth waiting = harness.health().getAssignments(0);
        assertThat(waiting.getBackendObjectPresent()).isTrue();
        assertThat(waiting.getHealthy()).isFalse();
        assertThat(waiting.getReason()).contains("kube-vip has not elected a node");

        cluster.announce("k2-pay-ns", "egressfed-k2-pay", "k2-node", "10.1.0.7");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(harness.health().getAssignments(0))
                .returns(true, AssignmentHealth::getHealthy)
                .returns("k2-node", AssignmentHealth::getVipHost)
                .returns("k2-node", AssignmentHealth::getGatewayNode)
                .returns(true, AssignmentHealth::getGatewayReady)
                .returns("10.1.0.7", AssignmentHealth::getActiveEndpoint)
                .returns("", AssignmentHealth::getReason));
        assertThat(harness.health().getDetectedBackendsList()).containsExactly(Backend.BACKEND_KUBE_VIP);
    }

    @Test
    void nacksAssignmentsKubeVipCannotExpressAndAppliesTheRest() {
        workload("k3-ok");
        workload("k3-two");
        cluster.pod("k3-two-ns", "k3-two-1", Map.of("app", "k3-two"));
        workload("k3-range");
        harness = new AgentHarness(client, "c-k3", "agent-k3");

        ApplyOutcome outcome = harness.apply(config("c-k3", 1, Backend.BACKEND_KUBE_VIP, "", List.of(
                assignment("k3-ok", "198.51.100.82").build(),
                assignment("k3-two", "198.51.100.83").build(),
                assignment("k3-nowhere", "198.51.100.84").build(),
                assignment("k3-expr", "198.51.100.85").setWorkloads(WorkloadSelector.newBuilder()
                        .setNamespaceSelector(LabelSelector.newBuilder().putMatchLabels("team", "k3-ok"))
                        .setPodSelector(LabelSelector.newBuilder().addMatchExpressions(LabelSelectorRequirement
                                .newBuilder().setKey("app").setOperator("Exists")))).build(),
                assignment("k3-range", "198.51.100.86").addDestinationPorts("8000-8080").build())));

        assertThat(outcome.applied()).isFalse();
        assertThat(outcome.reason()).isEqualTo("4 of 5 assignments could not be applied");
        assertThat(outcome.assignmentErrors()).containsOnlyKeys("k3-two", "k3-nowhere", "k3-expr", "k3-range");
        assertThat(outcome.assignmentErrors().get("k3-two"))
                .isEqualTo("kube-vip SNATs one pod per Service, but the podSelector matches 2 (k3-two-0, k3-two-1)"
                        + " in namespace k3-two-ns");
        assertThat(outcome.assignmentErrors().get("k3-nowhere"))
                .isEqualTo("kube-vip needs the namespaceSelector to match exactly one namespace, it matches none");
        assertThat(outcome.assignmentErrors().get("k3-expr")).contains("matchLabels only");
        assertThat(outcome.assignmentErrors().get("k3-range")).contains("8000-8080 cannot be expressed");
        assertThat(cluster.ownedServices()).extracting(s -> s.getMetadata().getName()).containsExactly("egressfed-k3-ok");
        assertThat(harness.agent().lastAppliedVersion()).as("a NACKed version is not persisted").isZero();
        AssignmentHealth two = harness.health().getAssignmentsList().stream()
                .filter(a -> a.getIntent().equals("k3-two")).findFirst().orElseThrow();
        assertThat(two.getHealthy()).isFalse();
        assertThat(two.getBackendObjectPresent()).isFalse();
        assertThat(two.getReason()).isEqualTo(outcome.assignmentErrors().get("k3-two"));
    }

    @Test
    void fencedAssignmentReleasesTheAddressByRemovingTheService() {
        workload("k4-pay");
        harness = new AgentHarness(client, "c-k4", "agent-k4");
        harness.grant(Duration.ofSeconds(10), "k4-pay", 3);
        assertThat(harness.apply(config("c-k4", 1, Backend.BACKEND_KUBE_VIP, "", List.of(Configs
                .activePassive("k4-pay", "198.51.100.87", AssignmentRole.ASSIGNMENT_ROLE_ACTIVE, 3).build()))))
                .isEqualTo(ApplyOutcome.applied(1));
        assertThat(cluster.service("k4-pay-ns", "egressfed-k4-pay")).isNotNull();

        assertThat(harness.apply(config("c-k4", 2, Backend.BACKEND_KUBE_VIP, "", List.of(Configs
                .activePassive("k4-pay", "198.51.100.87", AssignmentRole.ASSIGNMENT_ROLE_FENCED, 4).build()))))
                .isEqualTo(ApplyOutcome.applied(2));

        assertThat(cluster.service("k4-pay-ns", "egressfed-k4-pay")).isNull();
        AssignmentHealth fenced = harness.health().getAssignments(0);
        assertThat(fenced.getRole()).isEqualTo(AssignmentRole.ASSIGNMENT_ROLE_FENCED);
        assertThat(fenced.getHealthy()).isTrue();
        assertThat(fenced.getReason()).contains("fenced").contains("released");
    }

    @Test
    void aLapsedLeaseReleasesTheVipAndANewGrantAnnouncesItAgainLeavingPerClusterAlone() {
        workload("k8-pay");
        workload("k8-web");
        harness = new AgentHarness(client, "c-k8", "agent-k8");
        harness.grant(Duration.ofSeconds(5), "k8-pay", 2);
        assertThat(harness.apply(config("c-k8", 1, Backend.BACKEND_KUBE_VIP, "", List.of(
                Configs.activePassive("k8-pay", "198.51.100.95", AssignmentRole.ASSIGNMENT_ROLE_ACTIVE, 2).build(),
                assignment("k8-web", "198.51.100.96").build())))).isEqualTo(ApplyOutcome.applied(1));
        assertThat(cluster.service("k8-pay-ns", "egressfed-k8-pay")).isNotNull();

        harness.time().advance(Duration.ofSeconds(4));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(cluster.service("k8-pay-ns", "egressfed-k8-pay")).as("the VIP is released").isNull());
        assertThat(cluster.service("k8-web-ns", "egressfed-k8-web")).as("PerCluster ignores leases").isNotNull();
        assertThat(harness.agent().leaseMetrics().fences()).isEqualTo(1);

        harness.grant(Duration.ofSeconds(5), "k8-pay", 2);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(cluster.service("k8-pay-ns", "egressfed-k8-pay")).isNotNull());
    }

    @Test
    void writesTheIpv6Annotation() {
        workload("k5-pay");
        harness = new AgentHarness(client, "c-k5", "agent-k5");

        assertThat(harness.apply(config("c-k5", 1, Backend.BACKEND_KUBE_VIP, "", List.of(
                assignment("k5-pay", "2001:db8::10").clearDestinationCidrs().addDestinationCidrs("2001:db8:ff::/48")
                        .build())))).isEqualTo(ApplyOutcome.applied(1));

        assertThat(cluster.service("k5-pay-ns", "egressfed-k5-pay").getMetadata().getAnnotations())
                .containsEntry(KubeVipAnnotations.EGRESS_IPV6, "true")
                .containsEntry(KubeVipAnnotations.LOADBALANCER_IPS, "2001:db8::10")
                .containsEntry(KubeVipAnnotations.EGRESS_ALLOWED_NETWORKS, "2001:db8:ff::/48");
    }

    @Test
    void refusesTheCiliumBackendWhereCiliumIsNotInstalled() {
        harness = new AgentHarness(client, "c-k6", "agent-k6");

        ApplyOutcome outcome = harness.apply(config("c-k6", 1, Backend.BACKEND_CILIUM, "",
                List.of(assignment("k6-pay", "198.51.100.88").build())));

        assertThat(outcome.applied()).isFalse();
        assertThat(outcome.reason()).contains("ciliumegressgatewaypolicies.cilium.io").contains("lacks");
        assertThat(harness.agent().lastAppliedVersion()).isZero();
    }

    /** A namespace labelled team=INTENT with one pod labelled app=INTENT, as {@link Configs#assignment} selects. */
    private void workload(String intent) {
        cluster.namespace(intent + "-ns", Map.of("team", intent));
        cluster.pod(intent + "-ns", intent + "-0", Map.of("app", intent));
    }
}
