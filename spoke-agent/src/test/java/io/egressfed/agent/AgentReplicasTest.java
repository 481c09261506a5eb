package io.egressfed.agent;

import static io.egressfed.agent.apply.Configs.activePassive;
import static io.egressfed.agent.apply.Configs.assignment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.egressfed.agent.apply.ApplyOutcome;
import io.egressfed.agent.apply.Configs;
import io.egressfed.agent.apply.MockCluster;
import io.egressfed.agent.backend.EffectiveAssignment;
import io.egressfed.agent.backend.Ownership;
import io.egressfed.agent.backend.cilium.CiliumResources;
import io.egressfed.agent.backend.cilium.EgressGatewayPolicies;
import io.egressfed.agent.election.LeaderElectionSettings;
import io.egressfed.agent.link.LinkState;
import io.egressfed.api.envelope.Ed25519KeyPair;
import io.egressfed.api.envelope.Ed25519Pem;
import io.egressfed.api.pki.CaPin;
import io.egressfed.api.v1alpha1.AssignmentRole;
import io.egressfed.api.v1alpha1.Backend;
import io.egressfed.api.v1alpha1.ConfigAssignment;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole agents on the mock API server with the hub unreachable: a starting agent fences the
 * ActivePassive objects it owns before anything else, and of two replicas only the elected one runs the
 * link and the backends; the other takes over when the leader stops, and a deposed leader stops writing.
 */
@EnableKubernetesMockClient(crud = true)
class AgentReplicasTest {

    private static final String UNREACHABLE_HUB = "127.0.0.1:1";
    private static final CaPin SOME_CA = CaPin.parse("52237acb6ec73c82f6f9a8f208e7a7d5abf0864c724cf458262e4df46aa40c69");
    private static final Duration WAIT = Duration.ofSeconds(30);

    KubernetesClient client;
    @TempDir
    Path work;
    private Path signingKey;
    private MockCluster cluster;
    private final List<Agent> agents = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        signingKey = work.resolve("hub-signing.pub");
        Ed25519Pem.writePublicKey(Ed25519KeyPair.generate().publicKey(), signingKey);
        cluster = new MockCluster(client);
        cluster.installCilium();
    }

    @AfterEach
    void stopAgents() {
        agents.forEach(Agent::close);
    }

    @Test
    void anAgentStartingWithTheHubUnreachableFencesHeldActivePassivePoliciesAndKeepsPerClusterOnes() throws IOException {
        held(activePassive("s-ap", "198.51.100.170", AssignmentRole.ASSIGNMENT_ROLE_ACTIVE, 3).build());
        held(assignment("s-pc", "198.51.100.171").build());
        String perClusterVersion = cluster.policy("egressfed-s-pc").getMetadata().getResourceVersion();

        Agent agent = start(options("agent-s", "s"));

        assertThat(gatewayLabels("egressfed-s-ap")).isEqualTo(Map.of(Ownership.NO_GATEWAY, "s-ap"));
        assertThat(gatewayLabels("egressfed-s-pc")).isEqualTo(Map.of(Ownership.HOSTNAME, "node-1"));
        assertThat(cluster.policy("egressfed-s-pc").getMetadata().getResourceVersion()).isEqualTo(perClusterVersion);
        assertThat(agent.linkStatus().state()).isNotEqualTo(LinkState.CONNECTED);
        assertThat(agent.isLeader()).as("without election the agent always runs").isTrue();
    }

    @Test
    void anAgentShuttingDownFencesWhatItHoldsSinceNobodyWouldRenewOrFenceItLater() throws IOException {
        Agent agent = start(options("agent-g", "g"));
        held(activePassive("g-ap", "198.51.100.175", AssignmentRole.ASSIGNMENT_ROLE_ACTIVE, 2).build());
        held(assignment("g-pc", "198.51.100.176").build());

        agent.close();

        assertThat(gatewayLabels("egressfed-g-ap")).isEqualTo(Map.of(Ownership.NO_GATEWAY, "g-ap"));
        assertThat(gatewayLabels("egressfed-g-pc")).isEqualTo(Map.of(Ownership.HOSTNAME, "node-1"));
    }

    @Test
    void ofTwoReplicasOnlyTheLeaderRunsAndTheOtherTakesOverAndAppliesWhenItStops() throws Exception {
        held(activePassive("h-ap", "198.51.100.180", AssignmentRole.ASSIGNMENT_ROLE_ACTIVE, 5).build());

        Agent first = start(elected(options("agent-h", "h"), "agent-h", "first"));
        Agent second = start(elected(options("agent-h", "h"), "agent-h", "second"));

        await().atMost(WAIT).until(() -> first.isLeader() || second.isLeader());
        Agent leader = first.isLeader() ? first : second;
        Agent standby = leader == first ? second : first;
        await().atMost(WAIT).untilAsserted(() ->
                assertThat(gatewayLabels("egressfed-h-ap")).isEqualTo(Map.of(Ownership.NO_GATEWAY, "h-ap")));
        assertThat(standby.isLeader()).isFalse();
        assertThat(standby.backend()).as("a standby has no backends to write with").isEmpty();
        assertThat(standby.linkStatus().state()).isEqualTo(LinkState.NEW);
        assertThat(standby.linkStatus().lastError()).startsWith("standby");
        assertThat(readyz(standby)).as("a standby is ready, so that rollouts of two replicas proceed").isEqualTo(200);
        assertThat(leaderGauge(standby)).isZero();
        assertThat(leaderGauge(leader)).isEqualTo(1);

        leader.close();

        await().atMost(WAIT).until(standby::isLeader);
        await().atMost(WAIT).until(() -> standby.backend().isPresent());
        ApplyOutcome outcome = standby.backend().orElseThrow().apply(Configs.config("h", 1, Backend.BACKEND_CILIUM, "",
                List.of(assignment("h-pc", "198.51.100.181").build()))).get(30, TimeUnit.SECONDS);
        assertThat(outcome).isEqualTo(ApplyOutcome.applied(1));
        assertThat(cluster.policy("egressfed-h-pc")).as("the new leader writes").isNotNull();
        assertThat(standby.stopped()).isNotDone();
    }

    @Test
    void aLeaderThatLosesItsLeaseStopsWritingAndSaysSo() throws Exception {
        Agent only = start(elected(options("agent-d", "d"), "agent-d", "only"));
        await().atMost(WAIT).until(() -> only.backend().isPresent());

        // The leader renews every retry period; an edit racing a renewal gets 409 and is tried again.
        await().atMost(WAIT).ignoreExceptionsInstanceOf(KubernetesClientException.class).until(() -> {
            client.leases().inNamespace("agent-d").withName(LeaderElectionSettings.DEFAULT_LEASE_NAME).edit(lease ->
                    new LeaseBuilder(lease).editSpec().withHolderIdentity("other-replica")
                            .withRenewTime(ZonedDateTime.now(ZoneOffset.UTC)).withLeaseDurationSeconds(3600)
                            .endSpec().build());
            return true;
        });

        assertThat(only.stopped().get(30, TimeUnit.SECONDS)).contains("lost the leadership");
        assertThat(only.isLeader()).isFalse();
        assertThat(only.backend()).isEmpty();
        assertThat(only.linkStatus().lastError()).startsWith("stopped: lost the leadership");
        assertThat(readyz(only)).isEqualTo(503);
    }

    private AgentOptions options(String namespace, String clusterName) {
        return new AgentOptions(clusterName, UNREACHABLE_HUB, SOME_CA, List.of(signingKey), Set.of(), Optional.empty(),
                work.resolve(namespace + "-" + agents.size()), namespace, new InetSocketAddress("127.0.0.1", 0),
                "0.1.0-test").withCredentialsSecret("egressfed-agent-credentials");
    }

    private static AgentOptions elected(AgentOptions options, String namespace, String identity) {
        return options.withLeaderElection(new LeaderElectionSettings(namespace, LeaderElectionSettings.DEFAULT_LEASE_NAME,
                identity, Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofMillis(200)));
    }

    private Agent start(AgentOptions options) throws IOException {
        Agent agent = Agent.start(options, Optional.of(client));
        agents.add(agent);
        return agent;
    }

    /** A policy as an agent leaves it while it holds the assignment: pointing at a gateway node. */
    private void held(ConfigAssignment assignment) {
        GenericKubernetesResource policy = EgressGatewayPolicies.through(
                new EffectiveAssignment(assignment, AssignmentRole.ASSIGNMENT_ROLE_ACTIVE), "node-1", "node-1");
        client.genericKubernetesResources(CiliumResources.POLICIES).resource(policy).create();
    }

    @SuppressWarnings("unchecked")
    private Map<String, String> gatewayLabels(String policy) {
        Map<String, Object> spec = (Map<String, Object>) cluster.policy(policy).getAdditionalProperties().get("spec");
        Map<String, Object> gateway = (Map<String, Object>) spec.get("egressGateway");
        return (Map<String, String>) ((Map<String, Object>) gateway.get("nodeSelector")).get("matchLabels");
    }

    private static int readyz(Agent agent) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + agent.httpPort() + "/readyz")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static double leaderGauge(Agent agent) {
        return agent.metrics().scrape().stream()
                .filter(family -> family.getMetadata().getPrometheusName().equals(Agent.LEADER_METRIC))
                .flatMap(family -> family.getDataPoints().stream())
                .mapToDouble(point -> ((io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot) point)
                        .getValue())
                .findFirst().orElseThrow();
    }
}
