package io.egressfed.agent.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Timestamp;
import io.egressfed.agent.apply.ApplyOutcome;
import io.egressfed.agent.apply.ConfigApplier;
import io.egressfed.agent.apply.FileAppliedVersionStore;
import io.egressfed.agent.lease.DrivenTime;
import io.egressfed.agent.lease.LeaseKeeper;
import io.egressfed.api.envelope.Ed25519EnvelopeSigner;
import io.egressfed.api.envelope.Ed25519KeyPair;
import io.egressfed.api.pki.BootstrapToken;
import io.egressfed.api.pki.EnrolledCredentials;
import io.egressfed.api.pki.RenewalPolicy;
import io.egressfed.api.v1alpha1.AgentMessage;
import io.egressfed.api.v1alpha1.ClusterConfig;
import io.egressfed.api.v1alpha1.ConfigAck;
import io.egressfed.api.v1alpha1.GatewayInventory;
import io.egressfed.api.v1alpha1.HealthReport;
import io.egressfed.api.v1alpha1.LeaseGrant;
import io.egressfed.api.v1alpha1.LeasedAssignment;
import io.egressfed.api.v1alpha1.SignedEnvelope;
import io.grpc.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's link against a scripted hub over in-process gRPC (mutual TLS is covered end to end in
 * the e2e module): enrollment once, resume, reconnection, silence detection, renewal, verification.
 */
class HubLinkTest {

    private static final String EU = "eu-west-1";
    private static final BootstrapToken TOKEN = new BootstrapToken("abcdef", "0123456789abcdef");

    @TempDir
    Path work;
    private final FakeHub hub = new FakeHub();
    private final Ed25519KeyPair hubKey = Ed25519KeyPair.generate();
    private final InProcessHub inProcess = new InProcessHub(hub);
    private final ScheduledExecutorService scheduler = inProcess.scheduler();
    private final InProcessChannels channels = inProcess.channels();
    private final List<HubLink> links = new ArrayList<>();
    private final List<Long> applied = new CopyOnWriteArrayList<>();
    private final List<LeaseGrant> grants = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startHub() throws Exception {
        inProcess.start();
    }

    @AfterEach
    void stop() throws Exception {
        links.forEach(HubLink::close);
        inProcess.close();
    }

    @Test
    void enrollsOnceAndLaterStartsFromTheStoredCredentials() throws Exception {
        HubLink first = start(settings().withBootstrapToken(TOKEN));
        await().atMost(Duration.ofSeconds(10)).until(() -> first.status().state() == LinkState.CONNECTED);
        assertThat(hub.lastStream().received.get(0).getHello().getCluster()).isEqualTo(EU);
        first.close();

        HubLink restarted = start(settings());
        await().atMost(Duration.ofSeconds(10)).until(() -> restarted.status().state() == LinkState.CONNECTED);

        assertThat(hub.enrollCalls).hasValue(1);
        assertThat(hub.streams).hasSize(2);
        EnrolledCredentials stored = new DirectoryCredentialStore(work.resolve("credentials")).load().orElseThrow();
        assertThat(channels.linkCredentials).extracting(c -> c.client().certificate())
                .containsOnly(stored.client().certificate());
    }

    @Test
    void withoutCredentialsOrTokenTheLinkStopsWithAClearReason() throws Exception {
        HubLink link = start(settings());

        await().atMost(Duration.ofSeconds(10)).until(() -> link.status().state() == LinkState.FAILED);
        assertThat(link.status().lastError()).isEqualTo("no credentials in DirectoryCredentialStore["
                + work.resolve("credentials") + "] and no bootstrap token: enroll this cluster with"
                + " `egressctl cluster enroll eu-west-1` and pass the token");
        assertThat(hub.enrollCalls).hasValue(0);
        assertThat(hub.streams).isEmpty();
    }

    @Test
    void anExpiredStoredCertificateNeedsANewToken() throws Exception {
        Instant expiredAt = Instant.now().minusSeconds(60);
        DirectoryCredentialStore store = new DirectoryCredentialStore(work.resolve("credentials"));
        store.save(hub.ca.credentials(EU, expiredAt.minusSeconds(3600), expiredAt));

        HubLink withoutToken = start(settings());
        await().atMost(Duration.ofSeconds(10)).until(() -> withoutToken.status().state() == LinkState.FAILED);
        assertThat(withoutToken.status().lastError()).startsWith("the stored client certificate expired at ")
                .endsWith("; enroll this cluster again with a new bootstrap token");
        withoutToken.close();

        HubLink withToken = start(settings().withBootstrapToken(TOKEN));
        await().atMost(Duration.ofSeconds(10)).until(() -> withToken.status().state() == LinkState.CONNECTED);
        assertThat(hub.enrollCalls).hasValue(1);
        assertThat(store.load().orElseThrow().client().certificate().getNotAfter().toInstant()).isAfter(Instant.now());
    }

    @Test
    void storedCredentialsOfAnotherClusterAreNotUsed() throws Exception {
        new DirectoryCredentialStore(work.resolve("credentials")).save(hub.ca.credentials("us-east-1"));

        HubLink link = start(settings().withBootstrapToken(TOKEN));

        await().atMost(Duration.ofSeconds(10)).until(() -> link.status().state() == LinkState.FAILED);
        assertThat(link.status().lastError()).isEqualTo("the stored client certificate in DirectoryCredentialStore["
                + work.resolve("credentials") + "] is for cluster us-east-1, but this agent is cluster eu-west-1");
        assertThat(hub.streams).isEmpty();
    }

    @Test
    void anEnrollmentRefusedByTheHubIsNotRetried() throws Exception {
        hub.enrollRefusal = Optional.of(Status.UNAUTHENTICATED.withDescription("token abcdef: expired at 2025-01-01T00:00:00Z"));
        HubLink link = start(settings().withBootstrapToken(TOKEN));

        await().atMost(Duration.ofSeconds(10)).until(() -> link.status().state() == LinkState.FAILED);
        assertThat(link.status().lastError()).isEqualTo("the hub refused enrollment: UNAUTHENTICATED: token abcdef:"
                + " expired at 2025-01-01T00:00:00Z");
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> hub.enrollCalls.get() == 1);
    }

    @Test
    void pushedConfigsAreVerifiedAppliedAndAckedAndForgedOnesNacked() throws Exception {
        HubLink link = start(settings().withBootstrapToken(TOKEN));
        await().atMost(Duration.ofSeconds(10)).until(() -> link.status().state() == LinkState.CONNECTED);

        hub.lastStream().push(signed(hubKey, 1));
        await().atMost(Duration.ofSeconds(10)).until(() -> acks(hub.lastStream()).contains(1L));
        hub.lastStream().push(signed(Ed25519KeyPair.generate(), 2));
        await().atMost(Duration.ofSeconds(10)).until(() -> hub.lastStream().received.stream()
                .anyMatch(AgentMessage::hasNack));

        assertThat(applied).containsExactly(1L);
        assertThat(versions().load().join()).isEqualTo(1);
        assertThat(hub.lastStream().received.stream().filter(AgentMessage::hasNack).findFirst().orElseThrow()
                .getNack().getError()).startsWith("UNKNOWN_KEY: ");
        assertThat(link.status().lastError()).startsWith("UNKNOWN_KEY: ");
    }

    @Test
    void afterTheHubEndsTheStreamTheAgentReconnectsAndResumesFromItsAppliedVersion() throws Exception {
        HubLink link = start(settings().withBootstrapToken(TOKEN));
        await().atMost(Duration.ofSeconds(10)).until(() -> link.status().state() == LinkState.CONNECTED);
        hub.lastStream().push(signed(hubKey, 1));
        await().atMost(Duration.ofSeconds(10)).until(() -> acks(hub.lastStream()).contains(1L));

        Instant closedAt = Instant.now();
        hub.lastStream().close(Status.UNAVAILABLE.withDescription("hub restarting"));

        await().atMost(Duration.ofSeconds(10)).until(() -> link.status().connections() == 2);
        System.out.println("reconnected " + Duration.between(closedAt, Instant.now()).toMillis()
                + " ms after the hub ended the stream");
        assertThat(hub.streams).hasSize(2);
        assertThat(hub.lastStream().received.get(0).getHello().getLastAppliedVersion()).isEqualTo(1);
    }

    @Test
    void aSilentHubIsGivenUpAfterThreeHeartbeatIntervalsAndTheAgentReconnects() throws Exception {
        hub.answerHello = false;
        HubLink link = start(settings().withBootstrapToken(TOKEN).withHeartbeat(Duration.ofMillis(50), 3));

        await().atMost(Duration.ofSeconds(20)).until(() -> hub.streams.size() >= 2);

        FakeHub.Stream first = hub.streams.get(0);
        await().atMost(Duration.ofSeconds(20)).until(() -> first.ended);
        // On some stream (a loaded machine may run a late tick only after the silence limit passed).
        await("the agent keeps sending heartbeats to a silent hub").atMost(Duration.ofSeconds(20))
                .until(() -> hub.streams.stream().anyMatch(stream -> stream.heartbeats() >= 2));
        assertThat(link.status().connections()).as("the hub never answered").isZero();
        assertThat(link.status().lastError()).startsWith("stream ended: CANCELLED");
    }

    @Test
    void theCertificateIsRenewedAtHalfLifeStoredAndUsedForANewStream() throws Exception {
        hub.certificateValidity = Duration.ofSeconds(2);
        HubLink link = start(settings().withBootstrapToken(TOKEN)
                .withRenewal(RenewalPolicy.HALF_LIFE, Duration.ofMillis(500)));
        await().atMost(Duration.ofSeconds(10)).until(() -> link.status().state() == LinkState.CONNECTED);
        Instant enrolled = Instant.now();

        await().atMost(Duration.ofSeconds(10)).until(() -> link.status().renewals() >= 1);
        System.out.println("renewed " + Duration.between(enrolled, Instant.now()).toMillis()
                + " ms after enrollment (2 s certificate)");
        await().atMost(Duration.ofSeconds(10)).until(() -> link.status().state() == LinkState.CONNECTED
                && hub.streams.size() >= 2);

        EnrolledCredentials stored = new DirectoryCredentialStore(work.resolve("credentials")).load().orElseThrow();
        assertThat(hub.renewCalls.get()).isPositive();
        assertThat(channels.linkCredentials.get(0).client().certificate())
                .isNotEqualTo(channels.linkCredentials.get(1).client().certificate());
        assertThat(channels.linkCredentials.stream().map(c -> c.client().certificate()))
                .contains(stored.client().certificate());
    }

    @Test
    void healthReportsGoOutWithHeartbeatsCompletedWithClusterAndVersion() throws Exception {
        HealthReport report = HealthReport.newBuilder()
                .addInventory(GatewayInventory.newBuilder().setNode("gw-1").addAddresses("198.51.100.7"))
                .build();
        HubLink link = new HubLink(settings().withBootstrapToken(TOKEN).withHeartbeat(Duration.ofMillis(50), 3),
                channels, new DirectoryCredentialStore(work.resolve("credentials")),
                versions(), this::apply, grants::add, Optional.of(() -> CompletableFuture.completedFuture(report)),
                Clock.systemUTC(), scheduler);
        links.add(link);
        link.start().join();

        await().atMost(Duration.ofSeconds(10)).until(() -> !hub.streams.isEmpty()
                && hub.lastStream().received.stream().anyMatch(AgentMessage::hasHealth));
        HealthReport sent = hub.lastStream().received.stream().filter(AgentMessage::hasHealth).findFirst()
                .orElseThrow().getHealth();
        assertThat(sent.getCluster()).isEqualTo(EU);
        assertThat(sent.getInventoryList()).isEqualTo(report.getInventoryList());
        assertThat(sent.hasObservedAt()).isTrue();
    }

    @Test
    void aSlowHealthReporterNeverHoldsUpHeartbeats() throws Exception {
        CompletableFuture<HealthReport> neverAnswered = new CompletableFuture<>();
        List<Integer> requests = new CopyOnWriteArrayList<>();
        // The fake hub answers only the hello: a long silence limit keeps the one stream open.
        HubLink link = new HubLink(settings().withBootstrapToken(TOKEN).withHeartbeat(Duration.ofMillis(50), 200),
                channels, new DirectoryCredentialStore(work.resolve("credentials")), versions(), this::apply, grants::add,
                Optional.of(() -> {
                    requests.add(1);
                    return neverAnswered;
                }), Clock.systemUTC(), scheduler);
        links.add(link);
        link.start().join();

        await().atMost(Duration.ofSeconds(10)).until(() -> !hub.streams.isEmpty() && hub.lastStream().heartbeats() >= 5);
        assertThat(hub.lastStream().received).noneMatch(AgentMessage::hasHealth);
        assertThat(requests).as("one report asked for while it is outstanding").hasSize(1);

        neverAnswered.complete(HealthReport.newBuilder().setAgentVersion("late").build());
        await().atMost(Duration.ofSeconds(10)).until(() -> hub.lastStream().received.stream()
                .anyMatch(message -> message.hasHealth() && message.getHealth().getAgentVersion().equals("late")));
    }

    @Test
    void anApplierThatNeedsTheCurrentConfigAfterAStartGetsItResentButNoOlderOne() throws Exception {
        versions().save(3).join();
        List<Long> resent = new CopyOnWriteArrayList<>();
        ConfigApplier needsCurrent = new ConfigApplier() {
            @Override
            public CompletableFuture<ApplyOutcome> apply(ClusterConfig config) {
                resent.add(config.getVersion());
                return CompletableFuture.completedFuture(ApplyOutcome.applied(config.getVersion()));
            }

            @Override
            public boolean needsCurrentConfigAfterStart() {
                return true;
            }
        };
        HubLink link = new HubLink(settings().withBootstrapToken(TOKEN), channels,
                new DirectoryCredentialStore(work.resolve("credentials")), versions(), needsCurrent, grants::add, Optional.empty(),
                Clock.systemUTC(), scheduler);
        links.add(link);
        link.start().join();
        await().atMost(Duration.ofSeconds(10)).until(() -> link.status().state() == LinkState.CONNECTED);
        assertThat(hub.lastStream().received.get(0).getHello().getLastAppliedVersion())
                .as("hello asks for the persisted version again").isEqualTo(2);
        assertThat(link.status().appliedVersion()).isEqualTo(3);

        hub.lastStream().push(signed(hubKey, 2));
        await().atMost(Duration.ofSeconds(10)).until(() -> hub.lastStream().received.stream().anyMatch(AgentMessage::hasNack));
        assertThat(hub.lastStream().received.stream().filter(AgentMessage::hasNack).findFirst().orElseThrow().getNack()
                .getError()).isEqualTo("version 2 is older than the last applied version 3");

        hub.lastStream().push(signed(hubKey, 3));
        await().atMost(Duration.ofSeconds(10)).until(() -> acks(hub.lastStream()).contains(3L));
        assertThat(resent).containsExactly(3L);

        hub.lastStream().close(Status.UNAVAILABLE.withDescription("hub restarting"));
        await().atMost(Duration.ofSeconds(10)).until(() -> link.status().connections() == 2);
        assertThat(hub.lastStream().received.get(0).getHello().getLastAppliedVersion())
                .as("once resent, a reconnection resumes from the applied version").isEqualTo(3);
    }

    @Test
    void leaseGrantsOnTheStreamReachTheLeaseKeeperAndMalformedOnesAreDropped() throws Exception {
        DrivenTime time = new DrivenTime();
        LeaseKeeper leases = new LeaseKeeper(time, time);
        HubLink link = new HubLink(settings().withBootstrapToken(TOKEN), channels,
                new DirectoryCredentialStore(work.resolve("credentials")), versions(), this::apply, leases,
                Optional.empty(), Clock.systemUTC(), scheduler);
        links.add(link);
        link.start().join();
        await().atMost(Duration.ofSeconds(10)).until(() -> link.status().state() == LinkState.CONNECTED);

        hub.lastStream().grant(LeaseGrant.newBuilder()
                .addAssignments(LeasedAssignment.newBuilder().setIntent("pay").setEpoch(2)).build());
        hub.lastStream().grant(LeaseGrant.newBuilder()
                .setLeaseDuration(com.google.protobuf.Duration.newBuilder().setSeconds(5))
                .addAssignments(LeasedAssignment.newBuilder().setIntent("pay").setEpoch(3)).build());

        await().atMost(Duration.ofSeconds(10)).until(() -> leases.status("pay", 3).live());
        assertThat(leases.status("pay", 3).remaining()).isEqualTo(Duration.ofSeconds(4));
        assertThat(leases.status("pay", 2).live()).as("the malformed grant recorded nothing").isFalse();
        assertThat(link.status().state()).as("a malformed grant does not end the stream").isEqualTo(LinkState.CONNECTED);
        assertThat(hub.streams).hasSize(1);
    }

    @Test
    void anUnreadableAppliedVersionStopsTheStartAndFailsTheLink() throws Exception {
        Files.writeString(work.resolve("applied"), "three");
        HubLink link = new HubLink(settings().withBootstrapToken(TOKEN), channels,
                new DirectoryCredentialStore(work.resolve("credentials")), versions(), this::apply, grants::add, Optional.empty(),
                Clock.systemUTC(), scheduler);
        links.add(link);

        assertThatThrownBy(() -> link.start().join()).hasMessageEndingWith(work.resolve("applied")
                + ": \"three\" is not a config version (a non-negative integer)");
        assertThat(link.status().state()).isEqualTo(LinkState.FAILED);
        assertThat(link.status().lastError()).startsWith("cannot read the last applied config version from ");
        assertThat(hub.enrollCalls.get()).as("nothing was sent to the hub").isZero();
    }

    private FileAppliedVersionStore versions() {
        return new FileAppliedVersionStore(work.resolve("applied"), scheduler);
    }

    private HubLinkSettings settings() {
        return HubLinkSettings.of(EU, hub.ca.pin(), List.of(hubKey.publicKey()))
                .withBackoff(Duration.ofMillis(20), Duration.ofMillis(200));
    }

    private HubLink start(HubLinkSettings settings) throws Exception {
        HubLink link = new HubLink(settings, channels, new DirectoryCredentialStore(work.resolve("credentials")),
                versions(), this::apply, grants::add, Optional.empty(), Clock.systemUTC(), scheduler);
        links.add(link);
        link.start().join();
        return link;
    }

    private CompletableFuture<ApplyOutcome> apply(ClusterConfig config) {
        applied.add(config.getVersion());
        return CompletableFuture.completedFuture(ApplyOutcome.applied(config.getVersion()));
    }

    private static List<Long> acks(FakeHub.Stream stream) {
        return stream.received.stream().filter(AgentMessage::hasAck).map(AgentMessage::getAck)
                .map(ConfigAck::getVersion).toList();
    }

    private static SignedEnvelope signed(Ed25519KeyPair key, long version) {
        Instant now = Instant.now();
        return new Ed25519EnvelopeSigner(key).signConfig(ClusterConfig.newBuilder()
                .setCluster(EU)
                .setVersion(version)
                .setIssuedAt(Timestamp.newBuilder().setSeconds(now.getEpochSecond()))
                .setExpiresAt(Timestamp.newBuilder().setSeconds(now.plusSeconds(3600).getEpochSecond()))
                .build());
    }
}
