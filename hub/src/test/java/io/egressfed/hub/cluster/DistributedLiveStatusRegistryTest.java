package io.egressfed.hub.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.egressfed.api.v1alpha1.GatewayInventory;
import io.egressfed.api.v1alpha1.HealthReport;
import io.egressfed.api.v1alpha1.Hello;
import io.egressfed.hub.link.LiveStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** Agents connected to one hub replica are seen, with their health, by every replica. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DistributedLiveStatusRegistryTest {

    private static Replicas replicas;
    private static List<DistributedLiveStatusRegistry> registries;

    @BeforeAll
    static void startReplicas() {
        replicas = Replicas.start(3);
        registries = replicas.all().stream().map(member -> new DistributedLiveStatusRegistry(member.system(),
                Clock.systemUTC(), Duration.ofSeconds(15))).toList();
    }

    @AfterAll
    static void stopReplicas() {
        replicas.close();
    }

    @Test
    @Order(1)
    void aStatusWrittenOnOneReplicaIsSeenOnTheOthers() {
        Instant now = Instant.now();
        HealthReport health = HealthReport.newBuilder().setCluster("eu-west-1")
                .addInventory(GatewayInventory.newBuilder().setNode("gw-1").setReady(true)).build();
        registries.get(0).agentConnected("eu-west-1", 1, Hello.newBuilder().setLastAppliedVersion(3).build(), now);
        registries.get(0).healthReported("eu-west-1", health, now);

        for (DistributedLiveStatusRegistry registry : registries) {
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                Optional<LiveStatus> seen = registry.status("eu-west-1");
                assertThat(seen).hasValueSatisfying(status -> {
                    assertThat(status.connected()).isTrue();
                    assertThat(status.appliedVersion()).isEqualTo(3);
                    assertThat(status.lastHealth()).contains(health);
                });
            });
        }
        assertThat(registries.get(2).all()).extracting(LiveStatus::cluster).contains("eu-west-1");
    }

    @Test
    @Order(2)
    void heartbeatsAloneAreNotReplicatedButTheOwnerSeesThem() {
        Instant connectedAt = Instant.now().minusSeconds(5);
        registries.get(1).agentConnected("us-east-1", 1, Hello.getDefaultInstance(), connectedAt);
        await().atMost(Duration.ofSeconds(15)).until(() -> registries.get(0).status("us-east-1").isPresent());

        Instant heartbeat = connectedAt.plusSeconds(4);
        registries.get(1).agentSeen("us-east-1", heartbeat);

        assertThat(registries.get(1).status("us-east-1").flatMap(LiveStatus::lastSeen)).contains(heartbeat);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(6)).untilAsserted(() ->
                assertThat(registries.get(0).status("us-east-1").flatMap(LiveStatus::lastSeen)).contains(connectedAt));
    }

    @Test
    @Order(3) // stops a replica the other tests use
    void anAgentHeldByATerminatedReplicaTurnsDisconnectedEverywhere() {
        List<LiveStatus> changesSeenOnFirst = new CopyOnWriteArrayList<>();
        registries.get(0).addListener((previous, current) -> changesSeenOnFirst.add(current));
        registries.get(2).agentConnected("ap-south-1", 1, Hello.getDefaultInstance(), Instant.now());
        await().atMost(Duration.ofSeconds(15)).until(() -> registries.get(0).status("ap-south-1")
                .map(LiveStatus::connected).orElse(false));

        replicas.get(2).close();

        for (int i = 0; i < 2; i++) {
            DistributedLiveStatusRegistry registry = registries.get(i);
            await().atMost(Duration.ofSeconds(30)).until(() -> registry.status("ap-south-1")
                    .map(status -> !status.connected()).orElse(false));
        }
        assertThat(changesSeenOnFirst).filteredOn(status -> status.cluster().equals("ap-south-1"))
                .extracting(LiveStatus::connected).containsSubsequence(true, false);
    }
}
