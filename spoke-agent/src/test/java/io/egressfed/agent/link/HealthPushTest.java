package io.egressfed.agent.link;

import static io.egressfed.agent.apply.Configs.assignment;
import static io.egressfed.agent.apply.Configs.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.egressfed.agent.apply.AgentHarness;
import io.egressfed.agent.apply.ApplyOutcome;
import io.egressfed.agent.apply.FileAppliedVersionStore;
import io.egressfed.agent.apply.MockCluster;
import io.egressfed.agent.health.AgentHealthReporter;
import io.egressfed.agent.health.HealthReporter;
import io.egressfed.api.envelope.Ed25519KeyPair;
import io.egressfed.api.pki.BootstrapToken;
import io.egressfed.api.v1alpha1.AgentMessage;
import io.egressfed.api.v1alpha1.AssignmentHealth;
import io.egressfed.api.v1alpha1.Backend;
import io.egressfed.api.v1alpha1.ClusterConfig;
import io.egressfed.api.v1alpha1.HealthReport;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Health reports go to the hub as soon as an assignment's health changes, not only with heartbeats: the
 * heartbeat interval here is a minute, so every report the fake hub receives within a test was pushed.
 */
@EnableKubernetesMockClient(crud = true)
class HealthPushTest {

    private static final String CLUSTER = "c-push";
    private static final String IP = "198.51.100.80";
    private static final BootstrapToken TOKEN = new BootstrapToken("abcdef", "0123456789abcdef");
    private static final Duration HEARTBEAT = Duration.ofSeconds(60);

    KubernetesClient client;
    @TempDir
    Path work;
    private final FakeHub hub = new FakeHub();
    private final Ed25519KeyPair hubKey = Ed25519KeyPair.generate();
    private final InProcessHub inProcess = new InProcessHub(hub);
    private final ScheduledExecutorService scheduler = inProcess.scheduler();
    private final InProcessChannels channels = inProcess.channels();
    private final Deque<AutoCloseable> closeables = new ArrayDeque<>();

    @BeforeEach
    void startHub() throws Exception {
        inProcess.start();
    }

    @AfterEach
    void stop() throws Exception {
        while (!closeables.isEmpty()) {
            closeables.pop().close();
        }
        inProcess.close();
    }

    @Test
    void aFailedGatewayReachesTheHubWithoutWaitingForAHeartbeat() {
        MockCluster cluster = new MockCluster(client);
        cluster.installCilium();
        cluster.node("gw-a", Map.of("pool", "gw"), IP, true);
        AgentHarness harness = new AgentHarness(client, CLUSTER, "agent-push");
        closeables.push(harness);
        ClusterConfig config = config(CLUSTER, 1, Backend.BACKEND_CILIUM, "gw", List.of(assignment("pay", IP).build()));
        assertThat(harness.apply(config)).isEqualTo(ApplyOutcome.applied(1));
        connect(settings(), new AgentHealthReporter(harness.settings(), harness.agent(), Clock.systemUTC()));

        long started = System.nanoTime();
        cluster.setReady("gw-a", false);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(5))
                .until(() -> lastPay().map(pay -> !pay.getHealthy()).orElse(false));
        System.out.printf("unhealthy gateway reported to the hub %d ms after the node went NotReady%n",
                (System.nanoTime() - started) / 1_000_000);

        AssignmentHealth pay = lastPay().orElseThrow();
        assertThat(pay.getGatewayNode()).isEmpty();
        assertThat(pay.getReason()).contains("no healthy gateway node carries " + IP).contains("gw-a: NotReady");
        assertThat(hub.lastStream().heartbeats()).as("no heartbeat was due: the report was pushed").isZero();
        assertThat(healthReports()).last().extracting(HealthReport::getCluster).isEqualTo(CLUSTER);

        // A node the gateway selector does not match changes no assignment's health: nothing is sent.
        int reportsBefore = healthReports().size();
        cluster.node("worker-1", Map.of(), "", true);
        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(5))
                .until(() -> healthReports().size() == reportsBefore);

        cluster.setReady("gw-a", true);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(5))
                .until(() -> lastPay().map(AssignmentHealth::getHealthy).orElse(false));
        assertThat(lastPay().orElseThrow().getGatewayNode()).isEqualTo("gw-a");
    }

    @Test
    void aBurstOfChangesGoesOutAsFewerReportsTheLastCarryingTheFinalState() {
        ScriptedReporter reporter = new ScriptedReporter();
        // A long gap keeps the whole burst inside one window however slowly this machine runs it.
        connect(settings().withHealthReportGap(Duration.ofSeconds(1)), reporter);
        int burst = 10;

        for (int step = 1; step <= burst; step++) {
            reporter.change("step " + step);
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> !healthReports().isEmpty()
                && healthReports().get(healthReports().size() - 1).getAgentVersion().equals("step " + burst));
        List<HealthReport> sent = healthReports();
        System.out.printf("%d changes went out as %d health reports%n", burst, sent.size());
        assertThat(sent).hasSizeLessThan(burst);
        assertThat(sent).last().extracting(HealthReport::getAgentVersion).isEqualTo("step " + burst);
        assertThat(hub.lastStream().heartbeats()).isZero();

        // With no further change, no further report.
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5))
                .until(() -> healthReports().size() == sent.size());
    }

    private void connect(HubLinkSettings settings, HealthReporter reporter) {
        HubLink link = new HubLink(settings, channels, new DirectoryCredentialStore(work.resolve("credentials")),
                new FileAppliedVersionStore(work.resolve("applied"), scheduler),
                config -> CompletableFuture.completedFuture(ApplyOutcome.applied(config.getVersion())),
                grant -> { }, Optional.of(reporter), Clock.systemUTC(), scheduler);
        closeables.push(link);
        link.start().join();
        await().atMost(Duration.ofSeconds(20)).until(() -> link.status().state() == LinkState.CONNECTED);
    }

    private HubLinkSettings settings() {
        return HubLinkSettings.of(CLUSTER, hub.ca.pin(), List.of(hubKey.publicKey()))
                .withBootstrapToken(TOKEN)
                .withHeartbeat(HEARTBEAT, 3);
    }

    private List<HealthReport> healthReports() {
        if (hub.streams.isEmpty()) {
            return List.of();
        }
        return hub.lastStream().received.stream().filter(AgentMessage::hasHealth).map(AgentMessage::getHealth).toList();
    }

    private Optional<AssignmentHealth> lastPay() {
        List<HealthReport> reports = healthReports();
        if (reports.isEmpty()) {
            return Optional.empty();
        }
        return reports.get(reports.size() - 1).getAssignmentsList().stream()
                .filter(health -> health.getIntent().equals("pay")).findFirst();
    }

    /** A reporter whose state the test sets, telling the link of each change as the applier would. */
    private static final class ScriptedReporter implements HealthReporter {
        private final AtomicReference<HealthReport> current = new AtomicReference<>(HealthReport.getDefaultInstance());
        private final AtomicReference<Runnable> listener = new AtomicReference<>(() -> { });

        void change(String state) {
            current.set(HealthReport.newBuilder().setAgentVersion(state).build());
            listener.get().run();
        }

        @Override
        public CompletableFuture<HealthReport> report() {
            return CompletableFuture.completedFuture(current.get());
        }

        @Override
        public Subscription onChange(Runnable changed) {
            listener.set(changed);
            return () -> listener.set(() -> { });
        }
    }
}
