package io.egressfed.hub.coordinator;

import static io.egressfed.hub.state.Resources.activePassive;
import static io.egressfed.hub.state.Resources.cluster;
import static io.egressfed.hub.state.Resources.labels;
import static io.egressfed.hub.state.Resources.pool;
import static io.egressfed.hub.state.TestHub.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.egressfed.api.envelope.Ed25519KeyPair;
import io.egressfed.api.v1alpha1.AssignmentRole;
import io.egressfed.api.v1alpha1.AuditAction;
import io.egressfed.api.v1alpha1.Backend;
import io.egressfed.api.v1alpha1.ClusterConfig;
import io.egressfed.api.v1alpha1.ConfigAssignment;
import io.egressfed.api.v1alpha1.EgressIntent;
import io.egressfed.api.v1alpha1.Failback;
import io.egressfed.api.v1alpha1.FailoverRequest;
import io.egressfed.api.v1alpha1.HealthReport;
import io.egressfed.api.v1alpha1.Hello;
import io.egressfed.api.v1alpha1.HubStatus;
import io.egressfed.api.v1alpha1.PlacementDecision;
import io.egressfed.api.v1alpha1.SignedEnvelope;
import io.egressfed.hub.api.AdminOperations;
import io.egressfed.hub.api.EnrollmentSettings;
import io.egressfed.hub.auth.Caller;
import io.egressfed.hub.auth.Role;
import io.egressfed.hub.compile.CompileOptions;
import io.egressfed.hub.compile.PublisherOptions;
import io.egressfed.hub.compile.SigningConfigPublisher;
import io.egressfed.hub.compile.SigningKeys;
import io.egressfed.hub.link.EnrollmentTokenService;
import io.egressfed.hub.link.InMemoryLiveStatusRegistry;
import io.egressfed.hub.pki.EnrollmentTokens;
import io.egressfed.hub.state.ResourceKind;
import io.egressfed.hub.state.TestHub;
import io.egressfed.hub.store.EtcdStore;
import io.egressfed.hub.store.Keys;
import io.egressfed.hub.store.Store;
import io.egressfed.hub.store.StoreMetrics;
import io.egressfed.hub.validate.Validator;
import io.egressfed.testsupport.EtcdLauncher;
import io.egressfed.testsupport.RealEtcd;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Cross-cluster failover end to end on the hub, against a real etcd, with fake agents that speak only
 * through the live status registry (connection, health, ACKs). Failover times are printed.
 */
@RealEtcd
class FailoverEtcdTest {

    private static final Duration LEASE = Duration.ofSeconds(2);
    private static final FailoverSettings SETTINGS = new FailoverSettings(LEASE, Duration.ofMillis(500),
            Duration.ofSeconds(1));
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private final Clock clock = Clock.systemUTC();
    private final SigningKeys signing = SigningKeys.of(Ed25519KeyPair.generate(), List.of());
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final PrometheusRegistry metrics = new PrometheusRegistry();
    private final InMemoryLiveStatusRegistry agents = new InMemoryLiveStatusRegistry();
    private Keys keys;
    private Store store;
    private TestHub hub;
    private Coordinator coordinator;
    private final Map<String, Long> sessions = new HashMap<>();

    @BeforeEach
    void start(EtcdLauncher etcd) {
        keys = new Keys("/failover-" + UUID.randomUUID() + "/");
        store = EtcdStore.connect(List.of(etcd.endpoint()));
        hub = new TestHub(store, keys, clock);
        SigningConfigPublisher publisher = new SigningConfigPublisher(store, keys, signing.signer(),
                signing.publicKeys(), clock, PublisherOptions.defaults());
        coordinator = new Coordinator(store, keys, hub.allocator(), publisher, new CompileOptions(LEASE), List::of,
                scheduler, new StoreMetrics(metrics), metrics, clock, Duration.ofMillis(20), agents, hub.audit(),
                SETTINGS);
        await(coordinator.start());
        hub.create(ResourceKind.POOL, pool("eu-public", "198.51.100.0/28"));
        hub.create(ResourceKind.CLUSTER, cluster("a", Backend.BACKEND_KUBE_VIP, "region", "eu"));
        hub.create(ResourceKind.CLUSTER, cluster("b", Backend.BACKEND_KUBE_VIP, "region", "eu"));
        connect("a", true);
        connect("b", true);
    }

    @AfterEach
    void stop() {
        coordinator.close();
        scheduler.shutdownNow();
        hub.close();
    }

    @Test
    void anUnhealthyButConnectedClusterIsFencedAndTheNextIsActivatedWhenItAcksTheWithdrawal() {
        createIntent(Failback.FAILBACK_MANUAL);
        awaitActive("a", 1);

        long unhealthyAt = System.nanoTime();
        report("a", false);
        PlacementDecision withdrawing = awaitWithdrawingFrom("a");
        long withdrawnAt = System.nanoTime();

        assertThat(withdrawing.getTargetCluster()).isEqualTo("b");
        assertThat(withdrawing.getEpoch()).isEqualTo(2);
        assertThat(role("a")).isEqualTo(AssignmentRole.ASSIGNMENT_ROLE_FENCED);
        assertThat(assignment("a").orElseThrow().getEpoch()).isEqualTo(2);
        assertThat(assignment("b")).as("b holds nothing while a may still carry the IP").isEmpty();

        ackNewest("a");
        PlacementDecision active = awaitActive("b", 3);
        long activeAt = System.nanoTime();

        assertThat(active.getFencedClustersList()).isEmpty();
        assertThat(role("b")).isEqualTo(AssignmentRole.ASSIGNMENT_ROLE_ACTIVE);
        assertThat(assignment("a")).as("a's fenced assignment goes once b is active").isEmpty();
        assertThat(hub.auditRecords()).filteredOn(r -> r.getAction() == AuditAction.AUDIT_ACTION_FAILOVER)
                .extracting(r -> r.getCluster()).containsSubsequence("a", "", "b");
        System.out.printf("fast path: unhealthy->withdrawn %d ms, withdrawn->b ACTIVE %d ms (after a's ACK)%n",
                millis(withdrawnAt - unhealthyAt), millis(activeAt - withdrawnAt));
    }

    @Test
    void aDisconnectedClusterIsReplacedOnlyAfterLeasePlusMargin() {
        createIntent(Failback.FAILBACK_MANUAL);
        awaitActive("a", 1);

        long disconnectedAt = System.nanoTime();
        agents.agentDisconnected("a", sessions.get("a"), clock.instant());
        awaitWithdrawingFrom("a");
        long withdrawnAt = System.nanoTime();
        assertThat(placement().getActiveClustersList()).as("nobody is active while a may hold the IP").isEmpty();

        awaitActive("b", 3);
        long activeAt = System.nanoTime();

        assertThat(activeAt - withdrawnAt).isPositive();
        System.out.printf("timeout path: disconnected->withdrawn %d ms, withdrawn->b ACTIVE %d ms "
                        + "(lease %d ms + margin %d ms)%n", millis(withdrawnAt - disconnectedAt),
                millis(activeAt - withdrawnAt), LEASE.toMillis(), SETTINGS.leaseMargin().toMillis());
    }

    @Test
    void failbackAutoReturnsToThePreferredClusterOnceItIsHealthyAgain() {
        createIntent(Failback.FAILBACK_AUTO);
        awaitActive("a", 1);
        report("a", false);
        awaitWithdrawingFrom("a");
        ackNewest("a");
        awaitActive("b", 3);

        long recoveredAt = System.nanoTime();
        report("a", true);
        PlacementDecision back = awaitWithdrawingFrom("b");
        long withdrawnAt = System.nanoTime();
        assertThat(back.getTargetCluster()).isEqualTo("a");
        ackNewest("b");
        awaitActive("a", 5);

        System.out.printf("failback Auto: healthy again->withdrawn from b %d ms (stabilization %d ms), "
                        + "withdrawn->a ACTIVE %d ms%n", millis(withdrawnAt - recoveredAt),
                SETTINGS.stabilization().toMillis(), millis(System.nanoTime() - withdrawnAt));
    }

    @Test
    void failbackManualStaysWhereItFailedOver() {
        createIntent(Failback.FAILBACK_MANUAL);
        awaitActive("a", 1);
        report("a", false);
        awaitWithdrawingFrom("a");
        ackNewest("a");
        awaitActive("b", 3);

        report("a", true);

        await().during(SETTINGS.stabilization().multipliedBy(2)).atMost(PATIENCE)
                .until(() -> placement().getActiveClustersList().equals(List.of("b")));
    }

    @Test
    void manualFailoverMovesWithTheSameProtocolAndPinsTheIntent() {
        createIntent(Failback.FAILBACK_AUTO);
        awaitActive("a", 1);
        AdminOperations admin = new AdminOperations(hub.resources(), store, keys, hub.audit(), Validator.create(),
                agents, new EnrollmentTokenService(store, keys, new EnrollmentTokens(new SecureRandom(), clock)),
                EnrollmentSettings.of("hub.test:7443", "ab".repeat(32), List.of("cd".repeat(32))),
                () -> HubStatus.newBuilder().setVersion("test").build(), clock);

        long requestedAt = System.nanoTime();
        EgressIntent answered = await(admin.failover(new Caller("ops", Role.OPERATOR),
                FailoverRequest.newBuilder().setIntent("ledger").setToCluster("b").build()));
        assertThat(answered.getMetadata().getName()).isEqualTo("ledger");
        PlacementDecision withdrawing = awaitWithdrawingFrom("a");
        assertThat(withdrawing.getPinnedCluster()).isEqualTo("b");
        ackNewest("a");
        PlacementDecision active = awaitActive("b", 3);

        long activeAt = System.nanoTime();

        assertThat(active.getPinnedCluster()).isEqualTo("b");
        System.out.printf("manual failover: request->b ACTIVE %d ms%n", millis(activeAt - requestedAt));
        await("the pin holds against Auto failback to the healthy, preferred a")
                .during(SETTINGS.stabilization().multipliedBy(2)).atMost(PATIENCE)
                .until(() -> placement().getActiveClustersList().equals(List.of("b")));
    }

    private void createIntent(Failback failback) {
        EgressIntent.Builder intent = activePassive("ledger", "eu-public", labels("region", "eu")).toBuilder();
        intent.getSpecBuilder().getPlacementBuilder().addPreference("a").addPreference("b").setFailback(failback);
        hub.create(ResourceKind.INTENT, intent.build());
    }

    private void connect(String cluster, boolean healthy) {
        long session = sessions.size() + 1L;
        sessions.put(cluster, session);
        agents.agentConnected(cluster, session, Hello.newBuilder().setCluster(cluster).build(), clock.instant());
        report(cluster, healthy);
    }

    private void report(String cluster, boolean healthy) {
        HealthReport report = healthy ? Agents.healthy(cluster, 0).lastHealth().orElseThrow()
                : Agents.unhealthy(cluster, "ledger", 0).lastHealth().orElseThrow();
        agents.healthReported(cluster, report, clock.instant());
    }

    private void ackNewest(String cluster) {
        agents.configAcked(cluster, config(cluster).orElseThrow().getVersion(), clock.instant());
    }

    private PlacementDecision awaitActive(String cluster, long epoch) {
        await().atMost(PATIENCE).until(() -> placement().getActiveClustersList().equals(List.of(cluster))
                && placement().getEpoch() == epoch
                && role(cluster) == AssignmentRole.ASSIGNMENT_ROLE_ACTIVE);
        return placement();
    }

    private PlacementDecision awaitWithdrawingFrom(String cluster) {
        await().atMost(PATIENCE).until(() -> placement().getFencedClustersList().equals(List.of(cluster))
                && role(cluster) == AssignmentRole.ASSIGNMENT_ROLE_FENCED);
        return placement();
    }

    private PlacementDecision placement() {
        return await(store.get(keys.placement("ledger"))).map(kv -> {
            try {
                return PlacementDecision.parseFrom(kv.value());
            } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                throw new AssertionError("placement is not a PlacementDecision", e);
            }
        }).orElse(PlacementDecision.getDefaultInstance());
    }

    private AssignmentRole role(String cluster) {
        return assignment(cluster).map(ConfigAssignment::getRole).orElse(AssignmentRole.ASSIGNMENT_ROLE_UNSPECIFIED);
    }

    private Optional<ConfigAssignment> assignment(String cluster) {
        return config(cluster).flatMap(config -> config.getAssignmentsList().stream()
                .filter(a -> a.getIntent().equals("ledger")).findFirst());
    }

    private Optional<ClusterConfig> config(String cluster) {
        return await(store.get(keys.config(cluster))).map(kv -> {
            try {
                return ClusterConfig.parseFrom(SignedEnvelope.parseFrom(kv.value()).getPayload());
            } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                throw new AssertionError("stored config of " + cluster + " is not a signed ClusterConfig", e);
            }
        });
    }

    private static long millis(long nanos) {
        return Duration.ofNanos(nanos).toMillis();
    }
}
