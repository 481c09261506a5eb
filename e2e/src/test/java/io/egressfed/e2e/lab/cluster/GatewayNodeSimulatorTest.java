package io.egressfed.e2e.lab.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Node;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GatewayNodeSimulatorTest {

    private SimulatedCluster cluster;
    private GatewayNodeSimulator gateways;

    @BeforeEach
    void start() {
        cluster = SimulatedCluster.start(new ClusterSeed("gw",
                ClusterSeed.nodes("gw", 2, 2, List.of("198.51.100.5")), List.of()));
        gateways = new GatewayNodeSimulator(cluster.client(), System::nanoTime);
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void notReadyTurnsTheReadyConditionFalseAndRestoreTurnsItBack() {
        long before = System.nanoTime();
        long failedAt = gateways.fail("gw-node-0", NodeFailure.NOT_READY);

        assertThat(failedAt).isGreaterThanOrEqualTo(before);
        assertThat(Nodes.isReady(node("gw-node-0"))).isFalse();
        assertThat(Nodes.isReady(node("gw-node-1"))).isTrue();
        assertThat(gateways.failed()).containsEntry("gw-node-0", NodeFailure.NOT_READY);

        long restoredAt = gateways.restore("gw-node-0");

        assertThat(restoredAt).isGreaterThanOrEqualTo(failedAt);
        assertThat(Nodes.isReady(node("gw-node-0"))).isTrue();
        assertThat(gateways.failed()).isEmpty();
    }

    @Test
    void cordonKeepsTheNodeReadyButUnschedulable() {
        gateways.fail("gw-node-1", NodeFailure.CORDON);

        assertThat(Nodes.isCordoned(node("gw-node-1"))).isTrue();
        assertThat(Nodes.isReady(node("gw-node-1"))).isTrue();

        gateways.restore("gw-node-1");

        assertThat(Nodes.isCordoned(node("gw-node-1"))).isFalse();
    }

    @Test
    void deleteRemovesNodeAndCiliumNodeAndRestoreBringsBothBackWithTheirLabelsAndAddresses() {
        gateways.fail("gw-node-0", NodeFailure.DELETE);

        assertThat(node("gw-node-0")).isNull();
        assertThat(CiliumResources.ciliumNodes(cluster.client()).withName("gw-node-0").get()).isNull();

        gateways.restore("gw-node-0");

        Node back = node("gw-node-0");
        assertThat(Nodes.isReady(back)).isTrue();
        assertThat(back.getMetadata().getLabels()).containsEntry("egress-gateway", "true");
        assertThat(back.getMetadata().getAnnotations())
                .containsEntry(SimulatedCluster.EGRESS_IPS_ANNOTATION, "198.51.100.5");
        assertThat(CiliumResources.ciliumNodes(cluster.client()).withName("gw-node-0").get().getMetadata().getLabels())
                .containsEntry("egress-gateway", "true");
    }

    @Test
    void refusesToFailAnUnknownOrAlreadyFailedNodeAndToRestoreAHealthyOne() {
        assertThatThrownBy(() -> gateways.fail("gw-node-9", NodeFailure.NOT_READY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gw-node-9");
        gateways.fail("gw-node-0", NodeFailure.CORDON);
        assertThatThrownBy(() -> gateways.fail("gw-node-0", NodeFailure.NOT_READY))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already failed (CORDON)");
        assertThat(Nodes.isReady(node("gw-node-0"))).isTrue();
        assertThatThrownBy(() -> gateways.restore("gw-node-1"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("gw-node-1 is not failed");
    }

    private Node node(String name) {
        return cluster.client().nodes().withName(name).get();
    }
}
