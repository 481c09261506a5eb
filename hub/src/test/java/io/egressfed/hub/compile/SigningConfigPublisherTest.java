package io.egressfed.hub.compile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Timestamp;
import io.egressfed.api.envelope.Ed25519KeyPair;
import io.egressfed.api.envelope.PinnedKeyConfigVerifier;
import io.egressfed.api.envelope.RejectReason;
import io.egressfed.api.envelope.Verification;
import io.egressfed.api.v1alpha1.AssignmentRole;
import io.egressfed.api.v1alpha1.Backend;
import io.egressfed.api.v1alpha1.ClusterConfig;
import io.egressfed.api.v1alpha1.ConfigAssignment;
import io.egressfed.api.v1alpha1.LabelSelector;
import io.egressfed.api.v1alpha1.SignedEnvelope;
import io.egressfed.api.v1alpha1.WorkloadSelector;
import io.egressfed.hub.compile.ConfigPublisher.Deletion;
import io.egressfed.hub.compile.PublishOutcome.Conflict;
import io.egressfed.hub.compile.PublishOutcome.ConflictCause;
import io.egressfed.hub.compile.PublishOutcome.Published;
import io.egressfed.hub.compile.PublishOutcome.Reason;
import io.egressfed.hub.compile.PublishOutcome.Unchanged;
import io.egressfed.hub.state.TestClock;
import io.egressfed.hub.store.Compare;
import io.egressfed.hub.store.InMemoryStore;
import io.egressfed.hub.store.KeyValue;
import io.egressfed.hub.store.Keys;
import io.egressfed.hub.store.Store;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SigningConfigPublisherTest {

    private static final Instant START = Instant.parse("2026-11-22T08:00:00.123456789Z");
    private static final String LEADER_KEY = "/test/election/leader";

    private final InMemoryStore memory = new InMemoryStore();
    private final InterferingStore store = new InterferingStore(memory);
    private final Keys keys = new Keys("/test/");
    private final TestClock clock = new TestClock(START);
    private final SigningKeys signingKeys = SigningKeys.of(Ed25519KeyPair.generate(), List.of());
    private final SigningConfigPublisher publisher = publisher(signingKeys, store);

    @AfterEach
    void closeStore() {
        memory.close();
    }

    private SigningConfigPublisher publisher(SigningKeys with, Store on) {
        return new SigningConfigPublisher(on, keys, with.signer(), with.publicKeys(), clock,
                new PublisherOptions(PublisherOptions.DEFAULT_TTL, PublisherOptions.DEFAULT_REFRESH_BEFORE, 3));
    }

    private static <T> T await(CompletableFuture<T> future) {
        return future.orTimeout(10, TimeUnit.SECONDS).join();
    }

    private static ClusterConfig content(String cluster, String ip, String... labelKeys) {
        LabelSelector.Builder pods = LabelSelector.newBuilder();
        for (String key : labelKeys) {
            pods.putMatchLabels(key, "v");
        }
        return ClusterConfig.newBuilder()
                .setCluster(cluster)
                .setBackend(Backend.BACKEND_CILIUM)
                .addAssignments(ConfigAssignment.newBuilder()
                        .setIntent("payments")
                        .setEgressIp(ip)
                        .setWorkloads(WorkloadSelector.newBuilder().setPodSelector(pods))
                        .addDestinationCidrs("203.0.113.0/24")
                        .setRole(AssignmentRole.ASSIGNMENT_ROLE_ACTIVE))
                .build();
    }

    private KeyValue stored(String cluster) {
        return await(memory.get(keys.config(cluster))).orElseThrow();
    }

    private ClusterConfig verifiedAsAgent(String cluster, long lastApplied) {
        Verification verification = new PinnedKeyConfigVerifier(signingKeys.publicKeys(), cluster, clock)
                .verify(stored(cluster).value(), lastApplied);
        assertThat(verification).isInstanceOf(Verification.Accepted.class);
        return ((Verification.Accepted) verification).config();
    }

    private static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }

    @Test
    void firstPublishWritesVersionOneStampedFromTheClockThatTheAgentAccepts() {
        ClusterConfig content = content("eu-west-1", "198.51.100.10", "app");

        PublishOutcome outcome = await(publisher.publish(content, List.of()));

        assertThat(outcome).isInstanceOfSatisfying(Published.class, published -> {
            assertThat(published.version()).isEqualTo(1);
            assertThat(published.reason()).isEqualTo(Reason.CREATED);
            assertThat(published.revision()).isEqualTo(stored("eu-west-1").modRevision());
        });
        ClusterConfig config = verifiedAsAgent("eu-west-1", 0);
        assertThat(config.getVersion()).isEqualTo(1);
        assertThat(config.getIssuedAt()).isEqualTo(timestamp(START));
        assertThat(config.getExpiresAt()).isEqualTo(timestamp(START.plus(Duration.ofHours(24))));
        assertThat(ConfigBytes.canonicalBytes(config)).isEqualTo(ConfigBytes.canonicalBytes(content));
    }

    @Test
    void theSignedPayloadIsTheDeterministicSerialization() throws Exception {
        await(publisher.publish(content("eu-west-1", "198.51.100.10", "a", "b", "c"), List.of()));

        SignedEnvelope envelope = SignedEnvelope.parseFrom(stored("eu-west-1").value());
        ClusterConfig config = ClusterConfig.parseFrom(envelope.getPayload());
        assertThat(envelope.getPayload().toByteArray()).isEqualTo(ConfigBytes.payloadBytes(config));
        assertThat(envelope.getKeyId()).isEqualTo(signingKeys.keyId().hex());
    }

    @Test
    void theStoredEnvelopeIsRejectedByAnotherClustersAgent() {
        await(publisher.publish(content("eu-west-1", "198.51.100.10"), List.of()));

        Verification verification = new PinnedKeyConfigVerifier(signingKeys.publicKeys(), "eu-central-1", clock)
                .verify(stored("eu-west-1").value(), 0);
        assertThat(verification).isInstanceOfSatisfying(Verification.Rejected.class,
                rejected -> assertThat(rejected.reason()).isEqualTo(RejectReason.WRONG_CLUSTER));
    }

    @Test
    void publishingTheSameContentAgainWritesNoNewVersion() {
        await(publisher.publish(content("eu-west-1", "198.51.100.10", "a", "b", "c"), List.of()));
        long revision = await(memory.currentRevision());
        clock.advance(Duration.ofHours(1));

        // Same meaning, other label insertion order, and a stale version number the publisher ignores.
        ClusterConfig again = content("eu-west-1", "198.51.100.10", "c", "b", "a").toBuilder().setVersion(77).build();
        PublishOutcome outcome = await(publisher.publish(again, List.of()));

        assertThat(outcome).isEqualTo(new Unchanged("eu-west-1", 1));
        assertThat(await(memory.currentRevision())).isEqualTo(revision);
    }

    @Test
    void changedContentBecomesTheNextVersionWhichTheAgentAcceptsAfterTheFirst() {
        await(publisher.publish(content("eu-west-1", "198.51.100.10"), List.of()));
        clock.advance(Duration.ofMinutes(5));

        PublishOutcome outcome = await(publisher.publish(content("eu-west-1", "198.51.100.11"), List.of()));

        assertThat(outcome).isInstanceOfSatisfying(Published.class, published -> {
            assertThat(published.version()).isEqualTo(2);
            assertThat(published.reason()).isEqualTo(Reason.CHANGED);
        });
        ClusterConfig config = verifiedAsAgent("eu-west-1", 1);
        assertThat(config.getAssignments(0).getEgressIp()).isEqualTo("198.51.100.11");
        assertThat(config.getIssuedAt()).isEqualTo(timestamp(START.plus(Duration.ofMinutes(5))));
    }

    @Test
    void aConcurrentWriterMakesTheCompareFailAndThePublisherRereadsAndRetries() {
        await(publisher.publish(content("eu-west-1", "198.51.100.10"), List.of()));
        SigningConfigPublisher rival = publisher(signingKeys, memory);
        store.interfereBeforeNextCommits(1,
                () -> await(rival.publish(content("eu-west-1", "198.51.100.99"), List.of())));

        PublishOutcome outcome = await(publisher.publish(content("eu-west-1", "198.51.100.11"), List.of()));

        // The rival wrote v2 between our read and our commit; we re-read it and wrote v3 on top.
        assertThat(outcome).isInstanceOfSatisfying(Published.class, published -> {
            assertThat(published.version()).isEqualTo(3);
            assertThat(published.reason()).isEqualTo(Reason.CHANGED);
        });
        assertThat(store.commits()).isEqualTo(3);
        assertThat(verifiedAsAgent("eu-west-1", 2).getAssignments(0).getEgressIp()).isEqualTo("198.51.100.11");
        assertThat(stored("eu-west-1").version()).isEqualTo(3);
    }

    @Test
    void aRetryThatFindsItsContentAlreadyPublishedWritesNothing() {
        SigningConfigPublisher rival = publisher(signingKeys, memory);
        ClusterConfig content = content("eu-west-1", "198.51.100.10");
        store.interfereBeforeNextCommits(1, () -> await(rival.publish(content, List.of())));

        PublishOutcome outcome = await(publisher.publish(content, List.of()));

        assertThat(outcome).isEqualTo(new Unchanged("eu-west-1", 1));
    }

    @Test
    void aWriterThatKeepsWinningLeavesAContendedConflictAfterMaxAttempts() {
        SigningConfigPublisher rival = publisher(signingKeys, memory);
        int[] next = {1};
        store.interfereBeforeNextCommits(3,
                () -> await(rival.publish(content("eu-west-1", "198.51.100." + next[0]++), List.of())));

        PublishOutcome outcome = await(publisher.publish(content("eu-west-1", "198.51.100.200"), List.of()));

        assertThat(outcome).isInstanceOfSatisfying(Conflict.class, conflict -> {
            assertThat(conflict.cause()).isEqualTo(ConflictCause.CONTENDED);
            assertThat(conflict.attempts()).isEqualTo(3);
            assertThat(conflict.failedCompares()).singleElement()
                    .satisfies(compare -> assertThat(compare.key()).isEqualTo(keys.config("eu-west-1")));
        });
        assertThat(verifiedAsAgent("eu-west-1", 0).getAssignments(0).getEgressIp()).isEqualTo("198.51.100.3");
    }

    @Test
    void aFailingFencingCompareWritesNothingAndIsNotRetried() {
        Compare leadership = Compare.createRevision(LEADER_KEY, 42);

        PublishOutcome outcome = await(publisher.publish(content("eu-west-1", "198.51.100.10"), List.of(leadership)));

        assertThat(outcome).isEqualTo(new Conflict("eu-west-1", ConflictCause.FENCED, 1, List.of(leadership)));
        assertThat(await(memory.get(keys.config("eu-west-1")))).isEmpty();
        assertThat(store.commits()).isEqualTo(1);
    }

    @Test
    void aHoldingFencingCompareLetsThePublishThrough() {
        long leaderRevision = await(memory.put(LEADER_KEY, new byte[] {1}));

        PublishOutcome outcome = await(publisher.publish(content("eu-west-1", "198.51.100.10"),
                List.of(Compare.createRevision(LEADER_KEY, leaderRevision))));

        assertThat(outcome).isInstanceOf(Published.class);
    }

    @Test
    void anUnchangedConfigIsReissuedWhenItsValidityRunsLow() {
        ClusterConfig content = content("eu-west-1", "198.51.100.10");
        await(publisher.publish(content, List.of()));
        clock.advance(Duration.ofHours(11));
        assertThat(await(publisher.publish(content, List.of()))).isInstanceOf(Unchanged.class);

        clock.advance(Duration.ofHours(1).plusSeconds(1));
        PublishOutcome outcome = await(publisher.publish(content, List.of()));

        assertThat(outcome).isInstanceOfSatisfying(Published.class,
                published -> assertThat(published.reason()).isEqualTo(Reason.REFRESHED));
        Instant now = clock.instant();
        ClusterConfig config = verifiedAsAgent("eu-west-1", 1);
        assertThat(config.getVersion()).isEqualTo(2);
        assertThat(config.getIssuedAt()).isEqualTo(timestamp(now));
        assertThat(config.getExpiresAt()).isEqualTo(timestamp(now.plus(Duration.ofHours(24))));
    }

    @Test
    void aConfigSignedByAPreviousKeyIsResignedWithTheCurrentOne() throws Exception {
        ClusterConfig content = content("eu-west-1", "198.51.100.10");
        await(publisher.publish(content, List.of()));
        SigningKeys rotated = SigningKeys.of(Ed25519KeyPair.generate(), signingKeys.publicKeys());

        PublishOutcome outcome = await(publisher(rotated, memory).publish(content, List.of()));

        assertThat(outcome).isInstanceOfSatisfying(Published.class, published -> {
            assertThat(published.reason()).isEqualTo(Reason.RESIGNED);
            assertThat(published.version()).isEqualTo(2);
        });
        assertThat(SignedEnvelope.parseFrom(stored("eu-west-1").value()).getKeyId())
                .isEqualTo(rotated.keyId().hex());
    }

    @Test
    void aTamperedStoredValueIsReplacedAboveEveryVersionWritten() {
        ClusterConfig content = content("eu-west-1", "198.51.100.10");
        await(publisher.publish(content, List.of()));
        SigningKeys forger = SigningKeys.of(Ed25519KeyPair.generate(), List.of());
        SignedEnvelope forged = forger.signer().signConfig(content.toBuilder().setVersion(1000)
                .setIssuedAt(timestamp(START)).setExpiresAt(timestamp(START.plusSeconds(60))).build());
        await(memory.put(keys.config("eu-west-1"), forged.toByteArray()));

        PublishOutcome outcome = await(publisher.publish(content, List.of()));

        assertThat(outcome).isInstanceOfSatisfying(Published.class, published -> {
            assertThat(published.reason()).isEqualTo(Reason.REPAIRED);
            assertThat(published.version()).isEqualTo(3);
        });
        assertThat(verifiedAsAgent("eu-west-1", 2).getVersion()).isEqualTo(3);
    }

    @Test
    void garbageInTheStoreIsReplaced() {
        await(memory.put(keys.config("eu-west-1"), new byte[] {(byte) 0xff, 0x00, 0x13}));

        PublishOutcome outcome = await(publisher.publish(content("eu-west-1", "198.51.100.10"), List.of()));

        assertThat(outcome).isInstanceOfSatisfying(Published.class, published -> {
            assertThat(published.reason()).isEqualTo(Reason.REPAIRED);
            assertThat(published.version()).isEqualTo(2);
        });
        verifiedAsAgent("eu-west-1", 1);
    }

    @Test
    void anOldGenuineEnvelopePutBackIsReplacedAboveTheLatestVersion() {
        await(publisher.publish(content("eu-west-1", "198.51.100.10"), List.of()));
        byte[] versionOne = stored("eu-west-1").value();
        await(publisher.publish(content("eu-west-1", "198.51.100.11"), List.of()));
        await(memory.put(keys.config("eu-west-1"), versionOne));

        PublishOutcome outcome = await(publisher.publish(content("eu-west-1", "198.51.100.11"), List.of()));

        // Agents already applied v2: the replacement must be above it, not v1 + 1.
        assertThat(outcome).isInstanceOfSatisfying(Published.class, published -> {
            assertThat(published.reason()).isEqualTo(Reason.REPAIRED);
            assertThat(published.version()).isEqualTo(4);
        });
        assertThat(verifiedAsAgent("eu-west-1", 2).getAssignments(0).getEgressIp()).isEqualTo("198.51.100.11");
    }

    @Test
    void publishAllPublishesEachClusterAndThenNothing() {
        CompileResult compiled = new ConfigCompiler().compile(CompileInput.builder()
                .clusters(List.of(Fixtures.cluster("a"), Fixtures.cluster("b"), Fixtures.cluster("c")))
                .intents(List.of(Fixtures.perCluster("payments")))
                .allocations(List.of(Fixtures.alloc("198.51.100.10", "payments", "b")))
                .build());

        SortedMap<String, PublishOutcome> first = await(publisher.publishAll(compiled.configs(), List.of()));
        SortedMap<String, PublishOutcome> second = await(publisher.publishAll(compiled.configs(), List.of()));

        assertThat(first).containsOnlyKeys("a", "b", "c");
        assertThat(first.values()).allSatisfy(outcome -> assertThat(outcome).isInstanceOfSatisfying(Published.class,
                published -> assertThat(published.version()).isEqualTo(1)));
        assertThat(second.values()).containsExactly(new Unchanged("a", 1), new Unchanged("b", 1),
                new Unchanged("c", 1));
        assertThat(verifiedAsAgent("b", 0).getAssignmentsList()).hasSize(1);
    }

    @Test
    void publishAllRefusesAConfigFiledUnderAnotherName() {
        SortedMap<String, ClusterConfig> contents = new TreeMap<>();
        contents.put("a", content("b", "198.51.100.10"));

        assertThatThrownBy(() -> publisher.publishAll(contents, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("contents[a].cluster: is 'b', expected the map key");
    }

    @Test
    void publishRefusesAClusterNameThatCannotBeAKey() {
        assertThatThrownBy(() -> publisher.publish(content("", "198.51.100.10"), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cluster name");
    }

    @Test
    void deleteRemovesTheConfigOnlyWhenFencingHolds() {
        await(publisher.publish(content("eu-west-1", "198.51.100.10"), List.of()));

        assertThat(await(publisher.delete("eu-west-1", List.of(Compare.createRevision(LEADER_KEY, 42)))))
                .isEqualTo(Deletion.FENCED);
        assertThat(await(memory.get(keys.config("eu-west-1")))).isPresent();
        assertThat(await(publisher.delete("eu-west-1", List.of()))).isEqualTo(Deletion.DELETED);
        assertThat(await(memory.get(keys.config("eu-west-1")))).isEmpty();
        assertThat(await(publisher.delete("eu-west-1", List.of()))).isEqualTo(Deletion.ABSENT);
    }

    @Test
    void thePublisherRefusesTrustedKeysWithoutItsOwnKey() {
        SigningKeys other = SigningKeys.of(Ed25519KeyPair.generate(), List.of());

        assertThatThrownBy(() -> new SigningConfigPublisher(memory, keys, signingKeys.signer(), other.publicKeys(),
                clock, PublisherOptions.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("trustedKeys: must include the signer's public key " + signingKeys.keyId());
    }

    @Test
    void optionsRefuseARefreshWindowAsLongAsTheTtl() {
        assertThatThrownBy(() -> new PublisherOptions(Duration.ofHours(1), Duration.ofHours(1), 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("refreshBefore:");
        assertThatThrownBy(() -> new PublisherOptions(Duration.ofHours(1), Duration.ZERO, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("maxAttempts:");
    }
}
