package io.egressfed.agent.apply;

import static io.egressfed.agent.apply.Configs.assignment;
import static io.egressfed.agent.apply.Configs.config;
import static org.assertj.core.api.Assertions.assertThat;

import io.egressfed.agent.backend.ManagedNamespaces;
import io.egressfed.agent.backend.Ownership;
import io.egressfed.api.v1alpha1.AssignmentHealth;
import io.egressfed.api.v1alpha1.AssignmentRole;
import io.egressfed.api.v1alpha1.Backend;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code --managed-namespace}: the agent reads and writes Services and pods only in the listed namespaces
 * (what a namespaced Role allows), and refuses the workloads that live elsewhere.
 */
@EnableKubernetesMockClient(crud = true)
class ManagedNamespacesApplyTest {

    private static final String UNMANAGED = "n1-other-ns";

    KubernetesClient client;
    KubernetesMockServer server;
    private MockCluster cluster;
    private AgentHarness harness;
    private String strayVersion;

    @BeforeEach
    void setUp() {
        cluster = new MockCluster(client);
        cluster.installKubeVip("kube-system");
        workload("n1-pay");
        workload("n1-other");
        strayVersion = client.services().resource(strayActivePassiveService()).create().getMetadata()
                .getResourceVersion();
    }

    @AfterEach
    void stopAgent() {
        harness.close();
    }

    @Test
    void refusesTheWorkloadOfAnUnmanagedNamespaceAndAppliesTheManagedOne() {
        harness = new AgentHarness(client, AgentSettings.of("c-n1", "0.1.0-test", "agent-n1")
                .withManagedNamespaces(ManagedNamespaces.of(Set.of("n1-pay-ns"))));

        ApplyOutcome outcome = harness.apply(config("c-n1", 1, Backend.BACKEND_KUBE_VIP, "", List.of(
                assignment("n1-pay", "198.51.100.70").build(),
                assignment("n1-other", "198.51.100.71").build())));

        assertThat(outcome.assignmentErrors()).containsOnlyKeys("n1-other");
        assertThat(outcome.assignmentErrors().get("n1-other")).isEqualTo("the workload's namespace " + UNMANAGED
                + " is not managed by this agent (--managed-namespace: n1-pay-ns)");
        assertThat(cluster.service("n1-pay-ns", "egressfed-n1-pay")).isNotNull();
        assertThat(cluster.service(UNMANAGED, "egressfed-n1-other")).isNull();
        AssignmentHealth other = harness.health().getAssignmentsList().stream()
                .filter(a -> a.getIntent().equals("n1-other")).findFirst().orElseThrow();
        assertThat(other.getHealthy()).isFalse();
        assertThat(other.getReason()).isEqualTo(outcome.assignmentErrors().get("n1-other"));
    }

    @Test
    void neitherWatchesNorListsNorWritesOutsideTheManagedNamespaces() throws InterruptedException {
        drainRequests();
        harness = new AgentHarness(client, AgentSettings.of("c-n1", "0.1.0-test", "agent-n1")
                .withManagedNamespaces(ManagedNamespaces.of(Set.of("n1-pay-ns"))));

        harness.apply(config("c-n1", 1, Backend.BACKEND_KUBE_VIP, "", List.of(
                assignment("n1-pay", "198.51.100.70").build(),
                assignment("n1-other", "198.51.100.71").build())));

        List<String> paths = drainRequests();
        Service stray = cluster.service(UNMANAGED, "egressfed-n1-stray");
        assertThat(stray).as("neither fenced at start nor removed as an orphan").isNotNull();
        assertThat(stray.getMetadata().getResourceVersion()).isEqualTo(strayVersion);
        assertThat(paths).as("Service and pod requests").filteredOn(path -> path.contains("/services")
                        || path.contains("/pods"))
                .isNotEmpty()
                .noneMatch(path -> path.startsWith("/api/v1/services") || path.startsWith("/api/v1/pods"))
                .noneMatch(path -> path.contains("/namespaces/" + UNMANAGED + "/"));
        assertThat(paths).anyMatch(path -> path.startsWith("/api/v1/namespaces/agent-n1/services"))
                .as("the agent's own namespace holds cilium-vip's VIP Services, so it is watched too");
    }

    @Test
    void withoutTheFlagEveryNamespaceIsManaged() {
        harness = new AgentHarness(client, "c-n2", "agent-n2");

        ApplyOutcome outcome = harness.apply(config("c-n2", 1, Backend.BACKEND_KUBE_VIP, "", List.of(
                assignment("n1-pay", "198.51.100.70").build(),
                assignment("n1-other", "198.51.100.71").build())));

        assertThat(outcome).isEqualTo(ApplyOutcome.applied(1));
        assertThat(cluster.service(UNMANAGED, "egressfed-n1-other")).isNotNull();
        assertThat(cluster.service(UNMANAGED, "egressfed-n1-stray")).as("an orphan is removed").isNull();
    }

    /** An ActivePassive Service the agent would fence at start and remove as an orphan, were it in reach. */
    private Service strayActivePassiveService() {
        return new ServiceBuilder().withNewMetadata().withName("egressfed-n1-stray").withNamespace(UNMANAGED)
                .withLabels(Ownership.labels(Configs.activePassive("n1-stray", "198.51.100.79",
                        AssignmentRole.ASSIGNMENT_ROLE_ACTIVE, 1).build()))
                .withAnnotations(Map.of("kube-vip.io/loadbalancerIPs", "198.51.100.79"))
                .endMetadata()
                .withNewSpec().withType("LoadBalancer").addNewPort().withPort(9).endPort().endSpec()
                .build();
    }

    /** The paths of every request the mock received since the last call. */
    private List<String> drainRequests() throws InterruptedException {
        List<String> paths = new ArrayList<>();
        for (RecordedRequest request = server.takeRequest(1, TimeUnit.MILLISECONDS); request != null;
                request = server.takeRequest(1, TimeUnit.MILLISECONDS)) {
            paths.add(request.getPath());
        }
        return paths;
    }

    /** A namespace labelled team=INTENT with one pod labelled app=INTENT, as {@link Configs#assignment} selects. */
    private void workload(String intent) {
        cluster.namespace(intent + "-ns", Map.of("team", intent));
        cluster.pod(intent + "-ns", intent + "-0", Map.of("app", intent));
    }
}
