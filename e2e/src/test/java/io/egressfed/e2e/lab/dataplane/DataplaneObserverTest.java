package io.egressfed.e2e.lab.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.egressfed.e2e.lab.cluster.CiliumResources;
import io.egressfed.e2e.lab.cluster.ClusterSeed;
import io.egressfed.e2e.lab.cluster.GatewayNodeSimulator;
import io.egressfed.e2e.lab.cluster.NodeFailure;
import io.egressfed.e2e.lab.cluster.SimulatedCluster;
import io.egressfed.e2e.lab.kubevip.KubeVipSimulator;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DataplaneObserverTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);
    private static final String IP = "198.51.100.10";

    private SimulatedCluster cilium;
    private SimulatedCluster kubeVipCluster;
    private KubeVipSimulator kubeVip;
    private DataplaneObserver observer;

    @BeforeEach
    void start() {
        cilium = SimulatedCluster.start(new ClusterSeed("west", ClusterSeed.nodes("west", 3, 2, List.of(IP)),
                List.of()));
        kubeVipCluster = SimulatedCluster.start(new ClusterSeed("north", ClusterSeed.nodes("north", 2, 2, List.of()),
                List.of()));
        kubeVip = KubeVipSimulator.start(kubeVipCluster.client(), Map.of(), "north");
        observer = new DataplaneObserver(System::nanoTime);
        observer.watch("west", cilium.client());
        observer.watch("north", kubeVipCluster.client());
    }

    @AfterEach
    void stop() {
        observer.close();
        kubeVip.close();
        kubeVipCluster.close();
        cilium.close();
    }

    @Test
    void measuresTheGapWhileAPolicyIsRePointedAwayFromAFailedGateway() throws Exception {
        CiliumResources.policies(cilium.client()).resource(policy("west-node-0")).create();
        await().atMost(PATIENCE).until(() -> observer.held("west").contains(IP));

        long failedAt = new GatewayNodeSimulator(cilium.client(), System::nanoTime)
                .fail("west-node-0", NodeFailure.NOT_READY);
        await().atMost(PATIENCE).until(() -> !observer.held("west").contains(IP));
        CiliumResources.policies(cilium.client()).withName("lab-policy").edit(p -> policy("west-node-1"));

        HoldInterval back = observer.nextHold("west", IP, failedAt).get(PATIENCE.toSeconds(), TimeUnit.SECONDS);

        assertThat(back.fromNanos()).isGreaterThan(failedAt);
        List<HoldInterval> history = observer.timeline().intervals().stream()
                .filter(i -> i.cluster().equals("west")).toList();
        assertThat(history).hasSize(2);
        assertThat(history.get(0).toNanos()).isPresent();
        assertThat(history.get(0).toNanos().getAsLong()).isBetween(failedAt, back.fromNanos());
    }

    @Test
    void seesAKubeVipServiceHeldOnceTheSimulatorElectedANodeAndKeepsClustersApart() {
        kubeVipCluster.client().services().inNamespace("default").resource(new ServiceBuilder()
                .withNewMetadata().withName("vip").withNamespace("default")
                .withAnnotations(Map.of(KubeVipSimulator.LOADBALANCER_IPS, "198.51.100.11")).endMetadata()
                .withNewSpec().withType("LoadBalancer").addNewPort().withPort(1).endPort().endSpec()
                .build()).create();

        await().atMost(PATIENCE).until(() -> observer.held("north").contains("198.51.100.11"));
        assertThat(observer.held("west")).doesNotContain("198.51.100.11");
        assertThat(observer.timeline().holders("198.51.100.11", System.nanoTime())).containsExactly("north");
    }

    @Test
    void refusesToObserveOneClusterTwice() {
        assertThatThrownBy(() -> observer.watch("west", cilium.client()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("west");
    }

    private static GenericKubernetesResource policy(String node) {
        return new GenericKubernetesResourceBuilder().withApiVersion("cilium.io/v2")
                .withKind("CiliumEgressGatewayPolicy").withNewMetadata().withName("lab-policy").endMetadata()
                .withAdditionalProperties(Map.of("spec", Map.of("egressGateway", Map.of(
                        "egressIP", IP,
                        "nodeSelector", Map.of("matchLabels", Map.of("kubernetes.io/hostname", node))))))
                .build();
    }
}
