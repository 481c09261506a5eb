package io.egressfed.hub.link;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import io.egressfed.api.v1alpha1.Backend;
import io.egressfed.api.v1alpha1.Condition;
import io.egressfed.api.v1alpha1.GatewayInventory;
import io.egressfed.api.v1alpha1.HealthReport;
import io.egressfed.api.v1alpha1.Hello;
import io.egressfed.api.v1alpha1.MemberClusterStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The live status the hub keeps per cluster, and how it renders into a MemberCluster status. */
class InMemoryLiveStatusRegistryTest {

    private static final String EU = "eu-west-1";
    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    private final InMemoryLiveStatusRegistry registry = new InMemoryLiveStatusRegistry();

    @Test
    void helloAckAndNackShapeTheStatus() {
        registry.agentConnected(EU, 1, hello(4), T0);
        registry.configDesired(EU, 5);
        registry.configNacked(EU, 5, "gateway missing", Map.of("payments", "no node"), T0.plusSeconds(1));

        LiveStatus failed = registry.status(EU).orElseThrow();
        assertThat(failed.connected()).isTrue();
        assertThat(failed.appliedVersion()).isEqualTo(4);
        assertThat(failed.desiredVersion()).isEqualTo(5);
        assertThat(failed.lastError()).isEqualTo("gateway missing");
        assertThat(failed.lastErrorVersion()).isEqualTo(5);
        assertThat(failed.assignmentErrors()).containsExactly(Map.entry("payments", "no node"));
        assertThat(failed.agentVersion()).isEqualTo("0.1.0");
        assertThat(failed.detectedBackends()).containsExactly(Backend.BACKEND_CILIUM);

        registry.configAcked(EU, 6, T0.plusSeconds(2));

        LiveStatus applied = registry.status(EU).orElseThrow();
        assertThat(applied.appliedVersion()).isEqualTo(6);
        assertThat(applied.lastError()).isEmpty();
        assertThat(applied.assignmentErrors()).isEmpty();
        assertThat(applied.lastSeen()).contains(T0.plusSeconds(2));
    }

    @Test
    void anAckOfAnOlderVersionKeepsTheErrorOfANewerOne() {
        registry.agentConnected(EU, 1, hello(0), T0);
        registry.configNacked(EU, 3, "broken", Map.of(), T0);

        registry.configAcked(EU, 2, T0);

        assertThat(registry.status(EU).orElseThrow().lastError()).isEqualTo("broken");
    }

    @Test
    void anOlderStreamClosingDoesNotDisconnectTheNewerOne() {
        registry.agentConnected(EU, 1, hello(0), T0);
        registry.agentConnected(EU, 2, hello(0), T0.plusSeconds(1));

        registry.agentDisconnected(EU, 1, T0.plusSeconds(2));
        assertThat(registry.status(EU).orElseThrow().connected()).isTrue();

        registry.agentDisconnected(EU, 2, T0.plusSeconds(3));
        LiveStatus gone = registry.status(EU).orElseThrow();
        assertThat(gone.connected()).isFalse();
        assertThat(gone.connectionChangedAt()).contains(T0.plusSeconds(3));
    }

    @Test
    void listenersSeeChangesButNotBareHeartbeats() {
        List<LiveStatus[]> changes = new ArrayList<>();
        Subscription subscription = registry.addListener((before, after) -> changes.add(new LiveStatus[] {before, after}));

        registry.agentConnected(EU, 1, hello(0), T0);
        registry.agentSeen(EU, T0.plusSeconds(1));
        registry.agentSeen(EU, T0.plusSeconds(2));
        registry.configAcked(EU, 1, T0.plusSeconds(3));
        subscription.close();
        registry.configAcked(EU, 2, T0.plusSeconds(4));

        assertThat(changes).hasSize(2);
        assertThat(changes.get(0)[0]).isEqualTo(LiveStatus.unknown(EU));
        assertThat(changes.get(0)[1].connected()).isTrue();
        assertThat(changes.get(1)[0].lastSeen()).as("heartbeats were recorded").contains(T0.plusSeconds(2));
        assertThat(changes.get(1)[1].appliedVersion()).isEqualTo(1);
    }

    @Test
    void rendersIntoAMemberClusterStatus() {
        GatewayInventory node = GatewayInventory.newBuilder().setNode("gw-1").addAddresses("198.51.100.7")
                .setReady(true).build();
        registry.agentConnected(EU, 1, hello(3), T0);
        registry.configDesired(EU, 4);
        registry.healthReported(EU, HealthReport.newBuilder().setCluster(EU).addInventory(node).build(),
                T0.plusSeconds(5));

        MemberClusterStatus status = registry.status(EU).orElseThrow().toMemberClusterStatus();

        assertThat(status.getConnected()).isTrue();
        assertThat(status.getAppliedVersion()).isEqualTo(3);
        assertThat(status.getDesiredVersion()).isEqualTo(4);
        assertThat(status.getLastSeen()).isEqualTo(Timestamp.newBuilder().setSeconds(T0.getEpochSecond() + 5).build());
        assertThat(status.getInventoryList()).containsExactly(node);
        assertThat(status.getDetectedBackendsList()).containsExactly(Backend.BACKEND_CILIUM);
        assertThat(status.getConditionsList()).singleElement().satisfies(condition -> {
            assertThat(condition.getType()).isEqualTo(LiveStatus.CONNECTED_CONDITION);
            assertThat(condition.getStatus()).isEqualTo("True");
            assertThat(condition.getLastTransitionTime().getSeconds()).isEqualTo(T0.getEpochSecond());
        });

        registry.agentDisconnected(EU, 1, T0.plusSeconds(9));
        Condition disconnected = registry.status(EU).orElseThrow().toMemberClusterStatus().getConditions(0);
        assertThat(disconnected.getStatus()).isEqualTo("False");
        assertThat(disconnected.getReason()).isEqualTo("AgentDisconnected");
        assertThat(LiveStatus.unknown(EU).toMemberClusterStatus().getConditions(0).getStatus()).isEqualTo("Unknown");
    }

    @Test
    void listsClustersByName() {
        registry.agentConnected("us-east-1", 1, hello(0), T0);
        registry.agentConnected(EU, 2, hello(0), T0);

        assertThat(registry.all()).extracting(LiveStatus::cluster).containsExactly(EU, "us-east-1");
        assertThat(registry.status("ap-south-1")).isEmpty();
    }

    private static Hello hello(long lastApplied) {
        return Hello.newBuilder().setCluster(EU).setLastAppliedVersion(lastApplied).setAgentVersion("0.1.0")
                .addDetectedBackends(Backend.BACKEND_CILIUM).build();
    }
}
