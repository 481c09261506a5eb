package io.egressfed.agent.apply;

import static io.egressfed.agent.apply.Configs.assignment;
import static io.egressfed.agent.apply.Configs.config;
import static org.assertj.core.api.Assertions.assertThat;

import io.egressfed.agent.backend.Ownership;
import io.egressfed.agent.backend.cilium.CiliumPolicySchema;
import io.egressfed.agent.backend.cilium.CiliumResources;
import io.egressfed.api.v1alpha1.Backend;
import io.egressfed.api.v1alpha1.ClusterConfig;
import io.egressfed.api.v1alpha1.ConfigAssignment;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One cluster with 1,000 assignments: applied completely; the time is printed, not asserted. */
@EnableKubernetesMockClient(crud = true)
class ApplyScaleTest {

    private static final int ASSIGNMENTS = 1_000;

    KubernetesClient client;

    @Test
    void appliesAThousandAssignments() {
        MockCluster cluster = new MockCluster(client);
        cluster.installCilium();
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < ASSIGNMENTS; i++) {
            addresses.add("198.18." + (i / 250) + "." + (i % 250 + 1));
        }
        for (String node : List.of("s-a", "s-b", "s-c")) {
            cluster.node(node, Map.of("pool", "s"), String.join(",", addresses), true);
        }
        List<ConfigAssignment> assignments = new ArrayList<>();
        for (int i = 0; i < ASSIGNMENTS; i++) {
            assignments.add(assignment(String.format("intent-%04d", i), addresses.get(i)).build());
        }
        ClusterConfig first = config("c-s", 1, Backend.BACKEND_CILIUM, "s", assignments);

        try (AgentHarness harness = new AgentHarness(client, "c-s", "agent-s")) {
            long started = System.nanoTime();
            ApplyOutcome outcome = harness.apply(first);
            long applyMillis = (System.nanoTime() - started) / 1_000_000;

            started = System.nanoTime();
            ApplyOutcome again = harness.apply(first.toBuilder().setVersion(2).build());
            long unchangedMillis = (System.nanoTime() - started) / 1_000_000;
            System.out.printf("applied %d assignments in %d ms; the same content again as version 2 in %d ms%n",
                    ASSIGNMENTS, applyMillis, unchangedMillis);

            assertThat(outcome).isEqualTo(ApplyOutcome.applied(1));
            assertThat(again).isEqualTo(ApplyOutcome.applied(2));
            List<GenericKubernetesResource> policies = cluster.ownedPolicies();
            assertThat(policies).hasSize(ASSIGNMENTS);
            assertThat(policies).allSatisfy(policy -> assertThat(policy.getMetadata().getAnnotations())
                    .containsEntry(Ownership.CONFIG_VERSION, "1"));
            CiliumPolicySchema.assertValid(policies.get(0));
            CiliumPolicySchema.assertValid(policies.get(ASSIGNMENTS - 1));
            assertThat(harness.metrics().objectsManaged(CiliumResources.POLICY_KIND)).isEqualTo(ASSIGNMENTS);
            assertThat(harness.health().getAssignmentsCount()).isEqualTo(ASSIGNMENTS);
        }
    }
}
