package io.egressfed.agent.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Timestamp;
import io.egressfed.agent.apply.AppliedVersionStore;
import io.egressfed.agent.apply.ApplyOutcome;
import io.egressfed.agent.apply.ConfigApplier;
import io.egressfed.agent.apply.FileAppliedVersionStore;
import io.egressfed.agent.apply.StaleVersionException;
import io.egressfed.api.envelope.Ed25519EnvelopeSigner;
import io.egressfed.api.envelope.Ed25519KeyPair;
import io.egressfed.api.envelope.PinnedKeyConfigVerifier;
import io.egressfed.api.v1alpha1.AgentMessage;
import io.egressfed.api.v1alpha1.ClusterConfig;
import io.egressfed.api.v1alpha1.ConfigAck;
import io.egressfed.api.v1alpha1.SignedEnvelope;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Verify, apply one at a time with a mailbox of one, persist, then ACK; or NACK with the reason. */
class LinkConfigPipelineTest {

    private static final String EU = "eu-west-1";

    @TempDir
    Path work;
    private final Ed25519KeyPair hubKey = Ed25519KeyPair.generate();
    private final Ed25519EnvelopeSigner signer = new Ed25519EnvelopeSigner(hubKey);
    private final ExecutorService applyThread = Executors.newSingleThreadExecutor();
    private final List<AgentMessage> replies = new CopyOnWriteArrayList<>();
    private final ControlledApplier applier = new ControlledApplier();

    @AfterEach
    void stop() {
        applyThread.shutdownNow();
    }

    @Test
    void anAcceptedConfigIsAppliedPersistedAndOnlyThenAcked() throws Exception {
        FileAppliedVersionStore versions = new FileAppliedVersionStore(work.resolve("applied"), Runnable::run);
        List<Long> persistedWhenAcked = new CopyOnWriteArrayList<>();
        ConfigPipeline pipeline = new ConfigPipeline(verifier(), applier, versions, 0, applyThread, message -> {
            replies.add(message);
            persistedWhenAcked.add(load(versions));
        });

        pipeline.offer(envelope(1));
        await().atMost(Duration.ofSeconds(20)).until(() -> applier.calls.size() == 1);
        assertThat(replies).as("no answer before the backend is done").isEmpty();
        applier.complete(0, ApplyOutcome.applied(1));

        await().atMost(Duration.ofSeconds(20)).until(() -> replies.size() == 1);
        assertThat(replies.get(0)).isEqualTo(ack(1));
        assertThat(persistedWhenAcked).containsExactly(1L);
        assertThat(pipeline.appliedVersion()).isEqualTo(1);
    }

    @Test
    void configsArrivingDuringAnApplyCollapseIntoTheNewest() {
        ConfigPipeline pipeline = pipeline(0);

        pipeline.offer(envelope(1));
        await().atMost(Duration.ofSeconds(20)).until(() -> applier.calls.size() == 1);
        for (long version = 2; version <= 10; version++) {
            pipeline.offer(envelope(version));
        }
        applier.complete(0, ApplyOutcome.applied(1));
        await().atMost(Duration.ofSeconds(20)).until(() -> applier.calls.size() == 2);
        applier.complete(1, ApplyOutcome.applied(10));

        await().atMost(Duration.ofSeconds(20)).until(() -> replies.size() == 2);
        assertThat(applier.calls).extracting(ClusterConfig::getVersion).containsExactly(1L, 10L);
        assertThat(replies).containsExactly(ack(1), ack(10));
    }

    @Test
    void aConfigSignedWithAnUnpinnedKeyIsNackedAndNothingIsApplied() {
        ConfigPipeline pipeline = pipeline(0);
        SignedEnvelope forged = new Ed25519EnvelopeSigner(Ed25519KeyPair.generate()).signConfig(config(1));

        pipeline.offer(forged);

        await().atMost(Duration.ofSeconds(20)).until(() -> replies.size() == 1);
        assertThat(replies.get(0).getNack().getVersion()).as("never parsed, so unknown").isZero();
        assertThat(replies.get(0).getNack().getError()).startsWith("UNKNOWN_KEY: keyId " + forged.getKeyId());
        assertThat(applier.calls).isEmpty();
        assertThat(pipeline.appliedVersion()).isZero();
        assertThat(pipeline.lastError()).startsWith("UNKNOWN_KEY");
    }

    @Test
    void theAppliedVersionIsAckedWithoutApplyingAndAnOlderOneIsARollback() {
        ConfigPipeline pipeline = pipeline(5);

        pipeline.offer(envelope(5));
        await().atMost(Duration.ofSeconds(20)).until(() -> replies.size() == 1);
        pipeline.offer(envelope(4));
        await().atMost(Duration.ofSeconds(20)).until(() -> replies.size() == 2);

        assertThat(replies.get(0)).isEqualTo(ack(5));
        assertThat(replies.get(1).getNack().getError())
                .isEqualTo("ROLLBACK: version 4 is lower than the last applied version 5");
        assertThat(applier.calls).isEmpty();
    }

    @Test
    void aFailedApplyIsNackedWithItsReasonAndAssignmentsAndNotRecorded() throws Exception {
        FileAppliedVersionStore versions = new FileAppliedVersionStore(work.resolve("applied"), Runnable::run);
        ConfigPipeline pipeline = new ConfigPipeline(verifier(), applier, versions, 0, applyThread, replies::add);

        pipeline.offer(envelope(1));
        await().atMost(Duration.ofSeconds(20)).until(() -> applier.calls.size() == 1);
        applier.complete(0, ApplyOutcome.failed(1, "1 of 2 assignments failed", Map.of("payments", "no gateway node")));
        await().atMost(Duration.ofSeconds(20)).until(() -> replies.size() == 1);
        pipeline.offer(envelope(2));
        await().atMost(Duration.ofSeconds(20)).until(() -> applier.calls.size() == 2);
        applier.fail(1, new IllegalStateException("API server unreachable"));
        await().atMost(Duration.ofSeconds(20)).until(() -> replies.size() == 2);

        assertThat(replies.get(0).getNack().getVersion()).isEqualTo(1);
        assertThat(replies.get(0).getNack().getError()).isEqualTo("1 of 2 assignments failed");
        assertThat(replies.get(0).getNack().getAssignmentErrorsMap()).containsExactly(
                Map.entry("payments", "no gateway node"));
        assertThat(replies.get(1).getNack().getError())
                .isEqualTo("applying failed: API server unreachable");
        assertThat(versions.load().join()).isZero();
        assertThat(pipeline.appliedVersion()).isZero();
    }

    @Test
    void aVersionThatCannotBeRecordedIsNackedThoughApplied() {
        AppliedVersionStore broken = new AppliedVersionStore() {
            @Override
            public CompletableFuture<Long> load() {
                return CompletableFuture.completedFuture(0L);
            }

            @Override
            public CompletableFuture<Void> save(long version) {
                return CompletableFuture.failedFuture(new IOException("disk full"));
            }
        };
        ConfigPipeline pipeline = new ConfigPipeline(verifier(), applier, broken, 0, applyThread, replies::add);

        pipeline.offer(envelope(3));
        await().atMost(Duration.ofSeconds(20)).until(() -> applier.calls.size() == 1);
        applier.complete(0, ApplyOutcome.applied(3));

        await().atMost(Duration.ofSeconds(20)).until(() -> replies.size() == 1);
        assertThat(replies.get(0).getNack().getError())
                .isEqualTo("config version 3 is applied but could not be recorded: disk full");
    }

    @Test
    void aVersionTheStoreAlreadyHoldsHigherIsNackedAsUnrecorded() {
        FileAppliedVersionStore versions = new FileAppliedVersionStore(work.resolve("applied"), Runnable::run);
        versions.save(7).join();
        ConfigPipeline pipeline = new ConfigPipeline(verifier(), applier, versions, 2, applyThread, replies::add);

        pipeline.offer(envelope(3));
        await().atMost(Duration.ofSeconds(20)).until(() -> applier.calls.size() == 1);
        applier.complete(0, ApplyOutcome.applied(3));

        await().atMost(Duration.ofSeconds(20)).until(() -> replies.size() == 1);
        assertThat(replies.get(0).getNack().getError()).isEqualTo("config version 3 is applied but could not be"
                + " recorded: " + new StaleVersionException(3, 7).getMessage());
        assertThat(load(versions)).as("the store never goes down").isEqualTo(7);
    }

    @Test
    void anApplierThatNeedsTheCurrentConfigAfterAStartGetsThePersistedVersionAgainButNoOlder() {
        ConfigApplier needsCurrent = new ConfigApplier() {
            @Override
            public CompletableFuture<ApplyOutcome> apply(ClusterConfig config) {
                return applier.apply(config);
            }

            @Override
            public boolean needsCurrentConfigAfterStart() {
                return true;
            }
        };
        ConfigPipeline pipeline = new ConfigPipeline(verifier(), needsCurrent,
                new FileAppliedVersionStore(work.resolve("applied"), Runnable::run), 5, applyThread, replies::add);
        assertThat(pipeline.helloVersion()).as("asks the hub for version 5 again").isEqualTo(4);
        assertThat(pipeline.appliedVersion()).isEqualTo(5);

        pipeline.offer(envelope(4));
        await().atMost(Duration.ofSeconds(20)).until(() -> replies.size() == 1);
        assertThat(replies.get(0).getNack().getError()).isEqualTo("version 4 is older than the last applied version 5");
        assertThat(applier.calls).isEmpty();

        pipeline.offer(envelope(5));
        await().atMost(Duration.ofSeconds(20)).until(() -> applier.calls.size() == 1);
        applier.complete(0, ApplyOutcome.applied(5));
        await().atMost(Duration.ofSeconds(20)).until(() -> replies.size() == 2);
        assertThat(replies.get(1)).isEqualTo(ack(5));
        assertThat(pipeline.helloVersion()).as("resent once, resumed from then on").isEqualTo(5);

        pipeline.offer(envelope(5));
        await().atMost(Duration.ofSeconds(20)).until(() -> replies.size() == 3);
        assertThat(replies.get(2)).isEqualTo(ack(5));
        assertThat(applier.calls).as("a duplicate is not applied twice").hasSize(1);
    }

    @Test
    void anApplierWithoutStateResumesFromThePersistedVersion() {
        assertThat(pipeline(5).helloVersion()).isEqualTo(5);
    }

    private ConfigPipeline pipeline(long applied) {
        return new ConfigPipeline(verifier(), applier, new FileAppliedVersionStore(work.resolve("applied"), Runnable::run), applied,
                applyThread, replies::add);
    }

    private PinnedKeyConfigVerifier verifier() {
        return new PinnedKeyConfigVerifier(List.of(hubKey.publicKey()), EU, Clock.systemUTC());
    }

    private SignedEnvelope envelope(long version) {
        return signer.signConfig(config(version));
    }

    private static ClusterConfig config(long version) {
        Instant now = Instant.now();
        return ClusterConfig.newBuilder().setCluster(EU).setVersion(version)
                .setIssuedAt(Timestamp.newBuilder().setSeconds(now.getEpochSecond()))
                .setExpiresAt(Timestamp.newBuilder().setSeconds(now.plusSeconds(3600).getEpochSecond()))
                .build();
    }

    private static AgentMessage ack(long version) {
        return AgentMessage.newBuilder().setAck(ConfigAck.newBuilder().setVersion(version)).build();
    }

    private static long load(AppliedVersionStore versions) {
        return versions.load().join();
    }

    /** Records each apply and lets the test decide when and how it ends. */
    private static final class ControlledApplier implements ConfigApplier {
        final List<ClusterConfig> calls = new CopyOnWriteArrayList<>();
        private final List<CompletableFuture<ApplyOutcome>> outcomes = new CopyOnWriteArrayList<>();

        @Override
        public CompletableFuture<ApplyOutcome> apply(ClusterConfig config) {
            CompletableFuture<ApplyOutcome> outcome = new CompletableFuture<>();
            outcomes.add(outcome);
            calls.add(config);
            return outcome;
        }

        void complete(int call, ApplyOutcome outcome) {
            outcomes.get(call).complete(outcome);
        }

        void fail(int call, Throwable error) {
            outcomes.get(call).completeExceptionally(error);
        }
    }
}
