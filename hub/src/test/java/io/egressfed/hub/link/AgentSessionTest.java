package io.egressfed.hub.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.egressfed.api.pki.ClusterIdentity;
import io.egressfed.api.v1alpha1.AgentMessage;
import io.egressfed.api.v1alpha1.ConfigAck;
import io.egressfed.api.v1alpha1.ConfigNack;
import io.egressfed.api.v1alpha1.HealthReport;
import io.egressfed.api.v1alpha1.Heartbeat;
import io.egressfed.api.v1alpha1.Hello;
import io.egressfed.api.v1alpha1.HubMessage;
import io.egressfed.api.v1alpha1.LeaseGrant;
import io.egressfed.api.v1alpha1.LeasedAssignment;
import io.egressfed.api.v1alpha1.PlacementDecision;
import io.egressfed.hub.state.TestHub;
import io.egressfed.hub.store.InMemoryStore;
import io.egressfed.hub.store.Keys;
import io.grpc.Status;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One Connect stream on the hub: identity binding, resync, flow control, debounce, heartbeats, ACK/NACK. */
class AgentSessionTest {

    private static final String EU = "eu-west-1";
    private static final String US = "us-east-1";
    private static final LinkSettings FAST_HEARTBEATS =
            new LinkSettings(Duration.ofMillis(50), 3, Duration.ofMillis(20), Duration.ofHours(24));

    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    private final FakeConfigFeed feed = new FakeConfigFeed();
    private final InMemoryLiveStatusRegistry registry = new InMemoryLiveStatusRegistry();
    private final SignedConfigs configs = new SignedConfigs();
    private final AtomicLong sessionIds = new AtomicLong();
    private final List<AgentSession> sessions = new ArrayList<>();
    private final InMemoryStore store = new InMemoryStore();
    private final Keys keys = Keys.defaults();
    // Ticks are rare here: the grants these tests see come right after a push.
    private final LeaseGranter leases = new LeaseGranter(store, keys, Duration.ofSeconds(5), Duration.ofSeconds(3),
            Duration.ofHours(1),
            scheduler, System::nanoTime);

    @AfterEach
    void stop() {
        sessions.forEach(AgentSession::shutDown);
        scheduler.shutdownNow();
    }

    @Test
    void aHelloForAnotherClusterGetsOneErrorAndPermissionDeniedAndNothingElse() {
        feed.put(configs.desired(US, 1));
        feed.put(configs.desired(EU, 1));
        FakeServerStream stream = new FakeServerStream();
        AgentSession session = open(EU, stream, FAST_HEARTBEATS);

        session.onNext(hello(US, 0));

        assertThat(stream.closed.get().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        String expected = "hello names cluster \"us-east-1\" but the client certificate identifies cluster"
                + " \"eu-west-1\"; a cluster may only receive its own config";
        assertThat(stream.closed.get().getDescription()).isEqualTo(expected);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5))
                .until(() -> stream.sent.size() == 1 && stream.sentAfterClose.isEmpty());
        assertThat(stream.sent).containsExactly(HubMessage.newBuilder().setError(expected).build());
        assertThat(registry.all()).isEmpty();
        assertThat(feed.subscriberCount(EU)).isZero();
    }

    @Test
    void theFirstMessageMustBeHello() {
        FakeServerStream stream = new FakeServerStream();
        AgentSession session = open(EU, stream, LinkSettings.defaults());

        session.onNext(AgentMessage.newBuilder().setHeartbeat(Heartbeat.newBuilder().setSeq(1)).build());

        assertThat(stream.closed.get().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(stream.closed.get().getDescription())
                .isEqualTo("the first message on a Connect stream must be hello, got HEARTBEAT");
        assertThat(stream.configVersions()).isEmpty();
    }

    @Test
    void resyncSendsTheCurrentConfigOnlyWhenItIsNewerThanTheAgentsVersion() {
        feed.put(configs.desired(EU, 5));
        FakeServerStream upToDate = new FakeServerStream();
        FakeServerStream behind = new FakeServerStream();

        open(EU, upToDate, LinkSettings.defaults()).onNext(hello(EU, 5));
        open(EU, behind, LinkSettings.defaults()).onNext(hello(EU, 3));

        assertThat(upToDate.configVersions()).isEmpty();
        assertThat(upToDate.heartbeats()).as("the hello is answered at once").isPositive();
        assertThat(behind.configVersions()).containsExactly(5L);
        feed.put(configs.desired(EU, 6));
        await().atMost(Duration.ofSeconds(20)).until(() -> upToDate.configVersions().equals(List.of(6L)));
        await().atMost(Duration.ofSeconds(20)).until(() -> behind.configVersions().equals(List.of(5L, 6L)));
    }

    @Test
    void aTransportThatIsNotReadyGetsOnlyTheNewestConfigOnceItIs() {
        FakeServerStream stream = new FakeServerStream();
        stream.setReady(false);
        AgentSession session = open(EU, stream, LinkSettings.defaults());
        session.onNext(hello(EU, 0));

        for (long version = 1; version <= 20; version++) {
            feed.put(configs.desired(EU, version));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> registry.status(EU).orElseThrow().desiredVersion() == 20);
        assertThat(stream.sent).isEmpty();

        stream.setReady(true);

        assertThat(stream.configVersions()).containsExactly(20L);
    }

    @Test
    void burstsOfChangesArePushedInOrderEndingWithTheNewest() {
        FakeServerStream stream = new FakeServerStream();
        open(EU, stream, LinkSettings.defaults()).onNext(hello(EU, 0));

        for (long version = 1; version <= 30; version++) {
            feed.put(configs.desired(EU, version));
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> stream.configVersions().contains(30L));
        System.out.println("30 rapid changes became " + stream.configVersions().size() + " pushes: "
                + stream.configVersions());
        assertThat(stream.configVersions()).isSorted().doesNotHaveDuplicates().endsWith(30L);
    }

    @Test
    void acksAndNacksReachTheLiveStatus() {
        FakeServerStream stream = new FakeServerStream();
        feed.put(configs.desired(EU, 7));
        AgentSession session = open(EU, stream, LinkSettings.defaults());
        session.onNext(hello(EU, 0));

        session.onNext(AgentMessage.newBuilder().setNack(ConfigNack.newBuilder()
                .setError("UNKNOWN_KEY: keyId 00 is not pinned")).build());
        LiveStatus nacked = registry.status(EU).orElseThrow();
        assertThat(nacked.lastError()).isEqualTo("UNKNOWN_KEY: keyId 00 is not pinned");
        assertThat(nacked.lastErrorVersion()).as("an unversioned NACK is about the version sent").isEqualTo(7);

        session.onNext(AgentMessage.newBuilder().setAck(ConfigAck.newBuilder().setVersion(7)).build());
        assertThat(registry.status(EU).orElseThrow().appliedVersion()).isEqualTo(7);
        assertThat(registry.status(EU).orElseThrow().lastError()).isEmpty();
    }

    @Test
    void healthIsKeptForTheCertificatesClusterOnly() {
        FakeServerStream stream = new FakeServerStream();
        AgentSession session = open(EU, stream, LinkSettings.defaults());
        session.onNext(hello(EU, 0));

        session.onNext(AgentMessage.newBuilder().setHealth(HealthReport.newBuilder().setAppliedVersion(3)).build());
        assertThat(registry.status(EU).orElseThrow().lastHealth())
                .hasValueSatisfying(report -> assertThat(report.getCluster()).isEqualTo(EU));

        session.onNext(AgentMessage.newBuilder().setHealth(HealthReport.newBuilder().setCluster(US)).build());
        assertThat(stream.closed.get().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(registry.status(US)).isEmpty();
        assertThat(registry.status(EU).orElseThrow().connected()).isFalse();
    }

    @Test
    void theHubSendsHeartbeatsAndDropsAnAgentThatFallsSilent() {
        FakeServerStream stream = new FakeServerStream();
        AgentSession session = open(EU, stream, FAST_HEARTBEATS);
        session.onNext(hello(EU, 0));
        assertThat(registry.status(EU).orElseThrow().connected()).isTrue();

        await().atMost(Duration.ofSeconds(20)).until(() -> stream.closed.get() != null);

        assertThat(stream.heartbeats()).isGreaterThanOrEqualTo(3);
        assertThat(stream.closed.get().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(stream.closed.get().getDescription()).startsWith("no message from cluster eu-west-1 for ")
                .endsWith("(limit 150 ms)");
        assertThat(registry.status(EU).orElseThrow().connected()).isFalse();
        assertThat(feed.subscriberCount(EU)).isZero();
    }

    @Test
    void anAgentThatGoesAwayIsDisconnected() {
        FakeServerStream stream = new FakeServerStream();
        AgentSession session = open(EU, stream, LinkSettings.defaults());
        session.onNext(hello(EU, 0));

        stream.cancelByAgent();

        assertThat(registry.status(EU).orElseThrow().connected()).isFalse();
        assertThat(feed.subscriberCount(EU)).isZero();
        feed.put(configs.desired(EU, 1));
        assertThat(stream.sent).noneMatch(HubMessage::hasConfig);
    }

    @Test
    void aConfigPushIsFollowedAtOnceByALeaseOfTheClustersActiveAssignmentsStampedWithThatVersion() {
        TestHub.await(store.put(keys.placement("ledger"), PlacementDecision.newBuilder().setIntent("ledger")
                .addActiveClusters(EU).setEpoch(3).build().toByteArray()));
        TestHub.await(store.put(keys.placement("billing"), PlacementDecision.newBuilder().setIntent("billing")
                .addActiveClusters(US).setEpoch(1).build().toByteArray()));
        feed.put(configs.desired(EU, 7));
        FakeServerStream stream = new FakeServerStream();
        AgentSession session = open(EU, stream, LinkSettings.defaults());

        session.onNext(hello(EU, 0));

        await().until(() -> stream.sent.stream().anyMatch(HubMessage::hasLease));
        List<HubMessage> configAndLease = stream.sent.stream().filter(m -> m.hasConfig() || m.hasLease()).toList();
        assertThat(configAndLease.get(0).hasConfig()).isTrue();
        LeaseGrant grant = configAndLease.get(1).getLease();
        assertThat(grant.getAssignmentsList()).containsExactly(
                LeasedAssignment.newBuilder().setIntent("ledger").setEpoch(3).build());
        assertThat(grant.getConfigVersion()).isEqualTo(7);
        assertThat(grant.getLeaseDuration().getSeconds()).isBetween(0L, 4L);
        assertThat(grant.getLeaseDuration().getSeconds() * 1_000_000_000L + grant.getLeaseDuration().getNanos())
                .isPositive().isLessThanOrEqualTo(Duration.ofSeconds(5).toNanos());
        assertThat(grant.getFailoverAfter()).as("lease + margin, not the shortened lease")
                .isEqualTo(com.google.protobuf.Duration.newBuilder().setSeconds(8).build());
    }

    private AgentSession open(String cluster, FakeServerStream stream, LinkSettings settings) {
        AgentSession session = new AgentSession(sessionIds.incrementAndGet(), new ClusterIdentity(cluster), stream,
                feed, registry, settings, leases, Clock.systemUTC(), scheduler, () -> { });
        session.start();
        sessions.add(session);
        return session;
    }

    private static AgentMessage hello(String cluster, long lastApplied) {
        return AgentMessage.newBuilder()
                .setHello(Hello.newBuilder().setCluster(cluster).setLastAppliedVersion(lastApplied))
                .build();
    }
}
