package io.egressfed.hub.coordinator;

import static io.egressfed.hub.state.Resources.activePassive;
import static io.egressfed.hub.state.Resources.cluster;
import static io.egressfed.hub.state.Resources.labels;
import static io.egressfed.hub.state.Resources.perCluster;
import static io.egressfed.hub.state.Resources.pool;
import static io.egressfed.hub.state.TestHub.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.egressfed.api.envelope.Ed25519KeyPair;
import io.egressfed.api.envelope.PinnedKeyConfigVerifier;
import io.egressfed.api.envelope.Verification;
import io.egressfed.api.v1alpha1.AssignmentRole;
import io.egressfed.api.v1alpha1.Backend;
import io.egressfed.api.v1alpha1.ClusterConfig;
import io.egressfed.api.v1alpha1.ConfigAssignment;
import io.egressfed.api.v1alpha1.SignedEnvelope;
import io.egressfed.hub.compile.CompileOptions;
import io.egressfed.hub.compile.PublisherOptions;
import io.egressfed.hub.compile.SigningConfigPublisher;
import io.egressfed.hub.compile.SigningKeys;
import io.egressfed.hub.link.InMemoryLiveStatusRegistry;
import io.egressfed.hub.state.ResourceKind;
import io.egressfed.hub.state.TestHub;
import io.egressfed.hub.store.InMemoryStore;
import io.egressfed.hub.store.Keys;
import io.egressfed.hub.store.StoreMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CoordinatorTest {

    private final Clock clock = Clock.systemUTC();
    private final Keys keys = Keys.defaults();
    private final SigningKeys signing = SigningKeys.of(Ed25519KeyPair.generate(), List.of());
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private InMemoryStore store;
    private TestHub hub;
    private Coordinator coordinator;

    @BeforeEach
    void start() {
        store = new InMemoryStore();
        hub = new TestHub(store, keys, clock);
        SigningConfigPublisher publisher = new SigningConfigPublisher(store, keys, signing.signer(),
                signing.publicKeys(), clock, PublisherOptions.defaults());
        coordinator = new Coordinator(store, keys, hub.allocator(), publisher, CompileOptions.defaults(), List::of,
                scheduler, new StoreMetrics(registry), registry, clock, Duration.ofMillis(20),
                new InMemoryLiveStatusRegistry(), hub.audit(), FailoverSettings.withLease(CompileOptions.DEFAULT_LEASE_DURATION));
        await(coordinator.start());
    }

    @AfterEach
    void stop() {
        coordinator.close();
        scheduler.shutdownNow();
        hub.close();
    }

    @Test
    void intentsWrittenThroughTheApiEndUpAsSignedConfigsOfTheClustersTheyPlaceOn() {
        hub.create(ResourceKind.POOL, pool("eu-public", "198.51.100.0/28"));
        hub.create(ResourceKind.CLUSTER, cluster("eu-west-1", Backend.BACKEND_KUBE_VIP, "region", "eu"));
        hub.create(ResourceKind.CLUSTER, cluster("eu-central-1", Backend.BACKEND_KUBE_VIP, "region", "eu"));
        hub.create(ResourceKind.CLUSTER, cluster("us-east-1", Backend.BACKEND_KUBE_VIP, "region", "us"));
        hub.create(ResourceKind.INTENT, perCluster("payments", "eu-public", labels("region", "eu")));
        io.egressfed.api.v1alpha1.EgressIntent.Builder ledgerIntent =
                activePassive("ledger", "eu-public", labels("region", "eu")).toBuilder();
        ledgerIntent.getSpecBuilder().getPlacementBuilder().addPreference("eu-west-1").addPreference("eu-central-1");
        hub.create(ResourceKind.INTENT, ledgerIntent.build());

        await().untilAsserted(() -> {
            assertThat(assignments("eu-west-1")).extracting(ConfigAssignment::getIntent)
                    .containsExactlyInAnyOrder("ledger", "payments");
            assertThat(assignments("eu-central-1")).extracting(ConfigAssignment::getIntent)
                    .containsExactly("payments");
        });
        assertThat(assignments("us-east-1")).isEmpty();
        ConfigAssignment ledger = assignments("eu-west-1").stream()
                .filter(a -> a.getIntent().equals("ledger")).findFirst().orElseThrow();
        assertThat(ledger.getRole()).isEqualTo(AssignmentRole.ASSIGNMENT_ROLE_ACTIVE);
        assertThat(ledger.getEpoch()).isEqualTo(1);
        List<String> ips = List.of(ledger.getEgressIp(), assignments("eu-west-1").stream()
                .filter(a -> a.getIntent().equals("payments")).findFirst().orElseThrow().getEgressIp(),
                assignments("eu-central-1").get(0).getEgressIp());
        assertThat(ips).doesNotHaveDuplicates().allMatch(ip -> ip.startsWith("198.51.100."));
    }

    @Test
    void deletingAnIntentWithdrawsItFromEveryConfigAndReleasesItsAddress() {
        hub.create(ResourceKind.POOL, pool("eu-public", "198.51.100.0/28"));
        hub.create(ResourceKind.CLUSTER, cluster("eu-west-1", Backend.BACKEND_KUBE_VIP, "region", "eu"));
        hub.create(ResourceKind.INTENT, perCluster("payments", "eu-public", labels("region", "eu")));
        await().until(() -> assignments("eu-west-1").size() == 1);
        long versionWithIntent = config("eu-west-1").orElseThrow().getVersion();

        hub.delete(ResourceKind.INTENT, "payments");

        await().untilAsserted(() -> assertThat(assignments("eu-west-1")).isEmpty());
        assertThat(config("eu-west-1").orElseThrow().getVersion()).isGreaterThan(versionWithIntent);
        assertThat(hub.allocations()).isEmpty();
    }

    @Test
    void aClusterWhoseConfigDidNotChangeGetsNoNewVersion() {
        hub.create(ResourceKind.POOL, pool("eu-public", "198.51.100.0/28"));
        hub.create(ResourceKind.CLUSTER, cluster("eu-west-1", Backend.BACKEND_KUBE_VIP, "region", "eu"));
        hub.create(ResourceKind.CLUSTER, cluster("us-east-1", Backend.BACKEND_KUBE_VIP, "region", "us"));
        await().until(() -> config("us-east-1").isPresent() && config("eu-west-1").isPresent());
        long usVersion = config("us-east-1").orElseThrow().getVersion();

        hub.create(ResourceKind.INTENT, perCluster("payments", "eu-public", labels("region", "eu")));
        await().until(() -> assignments("eu-west-1").size() == 1);
        await(coordinator.runFullPass());

        assertThat(config("us-east-1").orElseThrow().getVersion()).isEqualTo(usVersion);
    }

    @Test
    void deletingAClusterRemovesItsConfig() {
        hub.create(ResourceKind.CLUSTER, cluster("eu-west-1", Backend.BACKEND_KUBE_VIP, "region", "eu"));
        await().until(() -> config("eu-west-1").isPresent());

        hub.delete(ResourceKind.CLUSTER, "eu-west-1");

        await().until(() -> config("eu-west-1").isEmpty());
    }

    @Test
    void aClusterDeletedAndCreatedAgainContinuesAboveTheVersionItsAgentApplied() {
        hub.create(ResourceKind.POOL, pool("eu-public", "198.51.100.0/28"));
        hub.create(ResourceKind.CLUSTER, cluster("eu-west-1", Backend.BACKEND_KUBE_VIP, "region", "eu"));
        hub.create(ResourceKind.INTENT, perCluster("payments", "eu-public", labels("region", "eu")));
        await().until(() -> assignments("eu-west-1").size() == 1);
        hub.delete(ResourceKind.INTENT, "payments");
        await().until(() -> assignments("eu-west-1").isEmpty());
        long applied = config("eu-west-1").orElseThrow().getVersion();

        hub.delete(ResourceKind.CLUSTER, "eu-west-1");
        await().until(() -> config("eu-west-1").isEmpty());
        hub.create(ResourceKind.CLUSTER, cluster("eu-west-1", Backend.BACKEND_KUBE_VIP, "region", "eu"));
        await().until(() -> config("eu-west-1").isPresent());

        byte[] recreated = await(store.get(keys.config("eu-west-1"))).orElseThrow().value();
        Verification byTheOldAgent = new PinnedKeyConfigVerifier(signing.publicKeys(), "eu-west-1", clock)
                .verify(recreated, applied);
        assertThat(byTheOldAgent).isInstanceOfSatisfying(Verification.Accepted.class,
                accepted -> assertThat(accepted.config().getVersion()).isEqualTo(applied + 1));
    }

    private List<ConfigAssignment> assignments(String cluster) {
        return config(cluster).map(ClusterConfig::getAssignmentsList).orElse(List.of());
    }

    private Optional<ClusterConfig> config(String cluster) {
        return await(store.get(keys.config(cluster))).map(kv -> {
            try {
                SignedEnvelope envelope = SignedEnvelope.parseFrom(kv.value());
                Verification verification = new PinnedKeyConfigVerifier(signing.publicKeys(), cluster, clock)
                        .verify(envelope, 0);
                assertThat(verification).isInstanceOf(Verification.Accepted.class);
                return ((Verification.Accepted) verification).config();
            } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                throw new AssertionError("stored config of " + cluster + " is not an envelope", e);
            }
        });
    }
}
