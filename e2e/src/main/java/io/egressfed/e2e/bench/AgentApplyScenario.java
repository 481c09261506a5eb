package io.egressfed.e2e.bench;

import io.egressfed.agent.apply.AgentApplier;
import io.egressfed.agent.apply.AgentSettings;
import io.egressfed.agent.apply.ApplyOutcome;
import io.egressfed.agent.apply.ConfigMapAppliedVersionStore;
import io.egressfed.agent.lease.LeaseKeeper;
import io.egressfed.agent.lease.MonotonicClock;
import io.egressfed.api.v1alpha1.AssignmentRole;
import io.egressfed.api.v1alpha1.Backend;
import io.egressfed.api.v1alpha1.ClusterConfig;
import io.egressfed.api.v1alpha1.ConfigAssignment;
import io.egressfed.api.v1alpha1.GatewaySpec;
import io.egressfed.api.v1alpha1.LabelSelector;
import io.egressfed.api.v1alpha1.PlacementMode;
import io.egressfed.api.v1alpha1.WorkloadSelector;
import io.egressfed.e2e.lab.cluster.CiliumResources;
import io.egressfed.e2e.lab.cluster.ClusterSeed;
import io.egressfed.e2e.lab.cluster.SimulatedCluster;
import io.egressfed.e2e.lab.cluster.SimulatedNamespace;
import io.egressfed.e2e.lab.examples.ExampleSeeds;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One agent's Kubernetes backend applying a config of many PerCluster assignments into one simulated
 * cilium cluster (fabric8 mock API server): the first apply (every policy created), the same content
 * again as the next version (nothing to write), and a change of every assignment's destinations
 * (every policy updated). Each apply completes when the backend objects reflect the config.
 */
public final class AgentApplyScenario implements Scenario {

    private final int assignments;

    /** @param assignments how many assignments the config carries */
    public AgentApplyScenario(int assignments) {
        this.assignments = assignments;
    }

    @Override
    public String name() {
        return "agentApply";
    }

    @Override
    public ScenarioReport run() throws Exception {
        String cluster = "apply-bench";
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < assignments; i++) {
            addresses.add("198.18." + (64 + i / 250) + "." + (i % 250 + 1));
        }
        ClusterSeed seed = new ClusterSeed(cluster, ClusterSeed.nodes(cluster, 3, 3, addresses),
                List.of(new SimulatedNamespace(ExampleSeeds.AGENT_NAMESPACE, Map.of(), List.of())));
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1);
        Map<String, Long> millis = new LinkedHashMap<>();
        int policies;
        try (SimulatedCluster simulated = SimulatedCluster.start(seed);
             LeaseKeeper leases = new LeaseKeeper(MonotonicClock.system(), scheduler)) {
            AgentApplier applier = new AgentApplier(simulated.client(),
                    AgentSettings.of(cluster, "bench", ExampleSeeds.AGENT_NAMESPACE),
                    new ConfigMapAppliedVersionStore(simulated.client(), ExampleSeeds.AGENT_NAMESPACE,
                            ConfigMapAppliedVersionStore.DEFAULT_NAME, scheduler),
                    leases, new PrometheusRegistry());
            try {
                applier.start().get(60, TimeUnit.SECONDS);
                millis.put("first apply (create every policy)", apply(applier, config(cluster, 1, addresses,
                        "203.0.113.0/24")));
                millis.put("same content as the next version", apply(applier, config(cluster, 2, addresses,
                        "203.0.113.0/24")));
                millis.put("every assignment changed", apply(applier, config(cluster, 3, addresses,
                        "198.51.100.0/24")));
            } finally {
                applier.close();
            }
            policies = CiliumResources.policies(simulated.client()).list().getItems().size();
        } finally {
            scheduler.shutdownNow();
        }
        if (policies != assignments) {
            throw new IllegalStateException("agent apply: expected " + assignments + " policies, the cluster holds "
                    + policies);
        }
        ResultTable.Builder table = new ResultTable.Builder("Agent apply: " + assignments
                + " assignments into one simulated cilium cluster (fabric8 mock API server)",
                "APPLY", "TIME", "ASSIGNMENTS/S");
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("assignments", assignments);
        figures.put("policiesInCluster", policies);
        millis.forEach((step, ms) -> {
            table.row(step, ms + " ms", String.format(Locale.ROOT, "%.0f", assignments * 1000.0 / Math.max(ms, 1)));
            figures.put(step, ms);
        });
        return new ScenarioReport(name(), List.of(table.build()), figures, List.of(
                "Timed from handing the verified config to the backend to its outcome (objects written and read"
                        + " back); the mock API server runs in this process."));
    }

    private static long apply(AgentApplier applier, ClusterConfig config) throws Exception {
        long started = System.nanoTime();
        ApplyOutcome outcome = applier.apply(config).get(10, TimeUnit.MINUTES);
        long took = (System.nanoTime() - started) / 1_000_000;
        if (!outcome.applied()) {
            throw new IllegalStateException("agent apply: version " + config.getVersion() + " was refused: "
                    + outcome.reason());
        }
        return took;
    }

    private static ClusterConfig config(String cluster, long version, List<String> addresses, String destination) {
        ClusterConfig.Builder config = ClusterConfig.newBuilder()
                .setCluster(cluster)
                .setVersion(version)
                .setBackend(Backend.BACKEND_CILIUM)
                .setGateway(GatewaySpec.newBuilder().setNodeSelector(LabelSelector.newBuilder()
                        .putMatchLabels(ClusterSeed.GATEWAY_LABEL, "true")));
        for (int i = 0; i < addresses.size(); i++) {
            String intent = String.format(Locale.ROOT, "intent-%04d", i);
            config.addAssignments(ConfigAssignment.newBuilder()
                    .setIntent(intent)
                    .setEgressIp(addresses.get(i))
                    .setWorkloads(WorkloadSelector.newBuilder()
                            .setNamespaceSelector(LabelSelector.newBuilder().putMatchLabels("team", intent))
                            .setPodSelector(LabelSelector.newBuilder().putMatchLabels("app", intent)))
                    .addDestinationCidrs(destination)
                    .setRole(AssignmentRole.ASSIGNMENT_ROLE_ACTIVE)
                    .setMode(PlacementMode.PLACEMENT_MODE_PER_CLUSTER));
        }
        return config.build();
    }
}
