package io.egressfed.agent.apply;

import static io.egressfed.agent.apply.CiliumApplyTest.spec;
import static io.egressfed.agent.apply.Configs.assignment;
import static io.egressfed.agent.apply.Configs.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.egressfed.agent.lease.DrivenTime;
import io.egressfed.agent.lease.LeaseKeeper;
import io.egressfed.api.v1alpha1.Backend;
import io.egressfed.api.v1alpha1.ClusterConfig;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Rollback protection: older configs are refused, also by an agent that restarted. */
@EnableKubernetesMockClient(crud = true)
class ApplyVersionTest {

    KubernetesClient client;
    private MockCluster cluster;
    private AgentHarness harness;

    @BeforeEach
    void setUp() {
        cluster = new MockCluster(client);
        cluster.installCilium();
        cluster.node("v-a", Map.of("pool", "v"), "198.51.100.90", true);
    }

    @AfterEach
    void stopAgent() {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void refusesAnOlderVersionAndChangesNothing() {
        harness = new AgentHarness(client, "c-v1", "agent-v1");
        assertThat(harness.apply(version("c-v1", 5, "203.0.113.0/24"))).isEqualTo(ApplyOutcome.applied(5));

        ApplyOutcome older = harness.apply(version("c-v1", 4, "192.0.2.0/24"));

        assertThat(older).isEqualTo(ApplyOutcome.failed(4, "version 4 is older than the last applied version 5"));
        assertThat(spec(cluster.policy("egressfed-pay")).get("destinationCIDRs")).isEqualTo(List.of("203.0.113.0/24"));
    }

    @Test
    void acknowledgesTheSameVersionAgain() {
        harness = new AgentHarness(client, "c-v2", "agent-v2");
        assertThat(harness.apply(version("c-v2", 5, "203.0.113.0/24"))).isEqualTo(ApplyOutcome.applied(5));

        assertThat(harness.apply(version("c-v2", 5, "203.0.113.0/24"))).isEqualTo(ApplyOutcome.applied(5));
    }

    @Test
    void restartedAgentRefusesAnOlderConfigAndKeepsEgressUntilItGetsOne() {
        harness = new AgentHarness(client, "c-v3", "agent-v3");
        assertThat(harness.apply(version("c-v3", 7, "203.0.113.0/24"))).isEqualTo(ApplyOutcome.applied(7));
        harness.close();

        harness = new AgentHarness(client, "c-v3", "agent-v3");

        assertThat(harness.agent().lastAppliedVersion()).isEqualTo(7);
        assertThat(AgentHarness.await(harness.store().load())).isEqualTo(7);
        assertThat(cluster.policy("egressfed-pay")).as("a restart drops no egress").isNotNull();
        assertThat(harness.agent().needsCurrentConfigAfterStart()).as("so the hub link asks for version 7 again")
                .isTrue();
        assertThat(harness.apply(version("c-v3", 7, "203.0.113.0/24"))).as("the resent current config")
                .isEqualTo(ApplyOutcome.applied(7));
        assertThat(harness.apply(version("c-v3", 6, "192.0.2.0/24")))
                .isEqualTo(ApplyOutcome.failed(6, "version 6 is older than the last applied version 7"));
        assertThat(spec(cluster.policy("egressfed-pay")).get("destinationCIDRs")).isEqualTo(List.of("203.0.113.0/24"));
        assertThat(harness.apply(version("c-v3", 8, "192.0.2.0/24"))).isEqualTo(ApplyOutcome.applied(8));
        assertThat(client.configMaps().inNamespace("agent-v3").withName(ConfigMapAppliedVersionStore.DEFAULT_NAME).get()
                .getData()).containsEntry(ConfigMapAppliedVersionStore.VERSION_KEY, "8");
    }

    @Test
    void refusesAConfigForAnotherCluster() {
        harness = new AgentHarness(client, "c-v4", "agent-v4");

        ApplyOutcome outcome = harness.apply(version("c-other", 1, "203.0.113.0/24"));

        assertThat(outcome.applied()).isFalse();
        assertThat(outcome.reason()).contains("cluster: the config is for \"c-other\", this agent serves \"c-v4\"");
        assertThat(cluster.policy("egressfed-pay")).isNull();
    }

    @Test
    void storeNeverGoesBackAndRejectsAGarbledVersion() {
        ConfigMapAppliedVersionStore store = new ConfigMapAppliedVersionStore(client, "agent-v5", "state", Runnable::run);
        assertThat(AgentHarness.await(store.load())).isZero();
        store.save(5).join();
        store.save(5).join();

        assertThatThrownBy(() -> store.save(3).join()).isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(StaleVersionException.class)
                .hasMessageContaining("version 3 is older than the persisted applied version 5");
        assertThat(store.load().join()).isEqualTo(5);

        client.configMaps().inNamespace("agent-v5").resource(new ConfigMapBuilder()
                .withNewMetadata().withName("garbled").withNamespace("agent-v5").endMetadata()
                .withData(Map.of(ConfigMapAppliedVersionStore.VERSION_KEY, "seven")).build()).create();
        ConfigMapAppliedVersionStore garbled = new ConfigMapAppliedVersionStore(client, "agent-v5", "garbled",
                Runnable::run);
        assertThatThrownBy(() -> garbled.load().join()).hasCauseInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ConfigMap agent-v5/garbled data.appliedVersion is not a version: \"seven\"");
    }

    @Test
    void refusesToApplyBeforeItKnowsItsLastVersionAndFailsCallsAfterClose() {
        DrivenTime time = new DrivenTime();
        AgentApplier agent = new AgentApplier(client, AgentSettings.of("c-v6", "test", "agent-v6"),
                new ConfigMapAppliedVersionStore(client, "agent-v6", "state", Runnable::run),
                new LeaseKeeper(time, time), new PrometheusRegistry());

        assertThat(AgentHarness.await(agent.apply(version("c-v6", 1, "203.0.113.0/24")))).isEqualTo(ApplyOutcome.failed(1,
                "the agent has not started yet: its last applied version is unknown"));
        agent.close();

        assertThatThrownBy(() -> agent.apply(version("c-v6", 1, "203.0.113.0/24")).join())
                .hasCauseInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    private static ClusterConfig version(String cluster, long version, String destination) {
        return config(cluster, version, Backend.BACKEND_CILIUM, "v", List.of(assignment("pay", "198.51.100.90")
                .clearDestinationCidrs().addDestinationCidrs(destination).build()));
    }
}
