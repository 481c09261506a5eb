package io.egressfed.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.egressfed.api.v1alpha1.AssignmentHealth;
import io.egressfed.api.v1alpha1.AssignmentStatus;
import io.egressfed.api.v1alpha1.EgressIntent;
import io.egressfed.api.v1alpha1.EgressIntentStatus;
import io.egressfed.api.v1alpha1.HealthReport;
import io.egressfed.api.v1alpha1.Hello;
import io.egressfed.api.v1alpha1.ObjectMeta;
import io.egressfed.hub.link.InMemoryLiveStatusRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IntentStatusViewTest {

    private final Instant now = Instant.parse("2030-01-01T00:00:00Z");
    private final InMemoryLiveStatusRegistry registry = new InMemoryLiveStatusRegistry();
    private final IntentStatusView view = new IntentStatusView(registry, Clock.fixed(now, ZoneOffset.UTC));

    @Test
    void anAssignmentTheAgentRefusedShowsItsReasonAndAnAppliedFalseCondition() {
        registry.agentConnected("eu-central-1", 1, Hello.newBuilder().setCluster("eu-central-1").build(), now);
        registry.configNacked("eu-central-1", 3, "1 assignment cannot be expressed",
                Map.of("billing", "kube-vip SNATs one pod per Service; the selector matches 2 pods"), now);

        EgressIntent shown = view.withLiveStatus(intent("billing", "eu-central-1", "198.51.100.1"));

        AssignmentStatus assignment = shown.getStatus().getAssignments(0);
        assertThat(assignment.getHealthy()).isFalse();
        assertThat(assignment.getReason()).contains("matches 2 pods");
        assertThat(shown.getStatus().getConditionsList()).anySatisfy(condition -> {
            assertThat(condition.getType()).isEqualTo("Applied");
            assertThat(condition.getStatus()).isEqualTo("False");
            assertThat(condition.getMessage()).contains("eu-central-1", "matches 2 pods");
        });
    }

    @Test
    void anAppliedAssignmentShowsTheGatewayAndHealthTheAgentReports() {
        registry.agentConnected("eu-west-1", 1, Hello.newBuilder().setCluster("eu-west-1").build(), now);
        registry.configAcked("eu-west-1", 4, now);
        registry.healthReported("eu-west-1", HealthReport.newBuilder().setCluster("eu-west-1")
                .addAssignments(AssignmentHealth.newBuilder().setIntent("payments").setGatewayNode("node-1")
                        .setHealthy(true)).build(), now);

        EgressIntent shown = view.withLiveStatus(intent("payments", "eu-west-1", "198.51.100.2"));

        AssignmentStatus assignment = shown.getStatus().getAssignments(0);
        assertThat(assignment.getAppliedVersion()).isEqualTo(4);
        assertThat(assignment.getGatewayNode()).isEqualTo("node-1");
        assertThat(assignment.getHealthy()).isTrue();
        assertThat(shown.getStatus().getConditionsList()).noneMatch(c -> c.getType().equals("Applied"));
    }

    @Test
    void anAssignmentInAClusterWithoutAgentIsShownAsStored() {
        EgressIntent stored = intent("payments", "eu-north-1", "198.51.100.3");

        assertThat(view.withLiveStatus(stored)).isEqualTo(stored);
    }

    private static EgressIntent intent(String name, String cluster, String ip) {
        return EgressIntent.newBuilder().setMetadata(ObjectMeta.newBuilder().setName(name))
                .setStatus(EgressIntentStatus.newBuilder().addAssignments(
                        AssignmentStatus.newBuilder().setCluster(cluster).setIp(ip)))
                .build();
    }
}
