package io.egressfed.hub.compile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.UInt64Value;
import io.egressfed.api.envelope.Ed25519KeyPair;
import io.egressfed.api.envelope.PinnedKeyConfigVerifier;
import io.egressfed.api.envelope.Verification;
import io.egressfed.api.v1alpha1.Backend;
import io.egressfed.api.v1alpha1.ClusterConfig;
import io.egressfed.api.v1alpha1.ConfigAssignment;
import io.egressfed.hub.compile.ConfigPublisher.Deletion;
import io.egressfed.hub.compile.PublishOutcome.Published;
import io.egressfed.hub.compile.PublishOutcome.Reason;
import io.egressfed.hub.compile.PublishOutcome.Unchanged;
import io.egressfed.hub.state.TestClock;
import io.egressfed.hub.store.Compare;
import io.egressfed.hub.store.CorruptValueException;
import io.egressfed.hub.store.KeyValue;
import io.egressfed.hub.store.Keys;
import io.egressfed.hub.store.Store;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A cluster name's config versions never go backwards, even when its config is deleted (its
 * MemberCluster was) and published again: the agent of a re-created cluster may still hold the version
 * it applied and refuses anything at or below it. Runs on every store implementation.
 */
abstract class ConfigVersionFloorContractTest {

    private static final String CLUSTER = "eu-west-1";

    private final TestClock clock = new TestClock(Instant.parse("2026-11-22T08:00:00Z"));
    private final SigningKeys signingKeys = SigningKeys.of(Ed25519KeyPair.generate(), List.of());
    private final Keys keys = new Keys("/floors-" + UUID.randomUUID() + "/");
    private Store backing;
    private InterferingStore store;
    private SigningConfigPublisher publisher;

    /**
     * A fresh store for one test.
     *
     * @return the store
     */
    protected abstract Store newStore();

    @BeforeEach
    void open() {
        backing = newStore();
        store = new InterferingStore(backing);
        publisher = publisher(store);
    }

    @AfterEach
    void close() {
        backing.close();
    }

    @Test
    void aClusterCreatedAgainUnderItsNameContinuesAboveTheVersionItsAgentApplied() {
        long applied = 0;
        for (int version = 1; version <= 3; version++) {
            long expected = version;
            assertThat(await(publisher.publish(content(version), List.of())))
                    .isInstanceOfSatisfying(Published.class, published -> assertThat(published.version())
                            .isEqualTo(expected));
            applied = agentAccepts(applied).getVersion();
        }
        assertThat(applied).isEqualTo(3);

        assertThat(await(publisher.delete(CLUSTER, List.of()))).isEqualTo(Deletion.DELETED);
        assertThat(stored(keys.config(CLUSTER))).isEmpty();
        PublishOutcome recreated = await(publisher.publish(content(1), List.of()));

        assertThat(recreated).isEqualTo(new Published(CLUSTER, 4, Reason.CREATED,
                stored(keys.config(CLUSTER)).orElseThrow().modRevision()));
        assertThat(agentAccepts(applied).getVersion()).isEqualTo(4);
        // The numbering stays exact afterwards: a change is the next version, not a repair.
        assertThat(await(publisher.publish(content(2), List.of())))
                .isInstanceOfSatisfying(Published.class, published -> {
                    assertThat(published.version()).isEqualTo(5);
                    assertThat(published.reason()).isEqualTo(Reason.CHANGED);
                });
        assertThat(await(publisher.publish(content(2), List.of()))).isEqualTo(new Unchanged(CLUSTER, 5));
        assertThat(agentAccepts(4).getVersion()).isEqualTo(5);
    }

    @Test
    void everyDeletionRaisesTheFloorToTheVersionItRetired() {
        await(publisher.publish(content(1), List.of()));
        await(publisher.publish(content(2), List.of()));
        await(publisher.delete(CLUSTER, List.of()));
        assertThat(floor()).isEqualTo(2);
        await(publisher.publish(content(1), List.of()));

        assertThat(await(publisher.delete(CLUSTER, List.of()))).isEqualTo(Deletion.DELETED);

        assertThat(floor()).isEqualTo(3);
        assertThat(await(publisher.publish(content(3), List.of())))
                .isInstanceOfSatisfying(Published.class, published -> assertThat(published.version()).isEqualTo(4));
    }

    @Test
    void aFencedDeletionChangesNeitherTheConfigNorTheFloor() {
        await(publisher.publish(content(1), List.of()));
        long configRevision = stored(keys.config(CLUSTER)).orElseThrow().modRevision();
        Compare deposedLeader = Compare.createRevision(keys.leader("coordinator"), 42);

        assertThat(await(publisher.delete(CLUSTER, List.of(deposedLeader)))).isEqualTo(Deletion.FENCED);

        assertThat(stored(keys.config(CLUSTER)).orElseThrow().modRevision()).isEqualTo(configRevision);
        assertThat(stored(keys.configFloor(CLUSTER))).isEmpty();
    }

    @Test
    void aConfigPublishedAndDeletedByAnotherWriterMeanwhileIsNotNumberedBelow() {
        await(publisher.publish(content(1), List.of()));
        await(publisher.delete(CLUSTER, List.of()));
        SigningConfigPublisher rival = publisher(backing);
        store.interfereBeforeNextCommits(1, () -> {
            await(rival.publish(content(2), List.of()));
            await(rival.delete(CLUSTER, List.of()));
        });

        PublishOutcome outcome = await(publisher.publish(content(3), List.of()));

        // The key was absent at both the read and the commit; only the floor shows the rival's v2.
        assertThat(outcome).isInstanceOfSatisfying(Published.class, published -> {
            assertThat(published.version()).isEqualTo(3);
            assertThat(published.reason()).isEqualTo(Reason.CREATED);
        });
        assertThat(agentAccepts(2).getVersion()).isEqualTo(3);
    }

    @Test
    void aDeletionRacingAPublishRetiresTheVersionPublishedMeanwhile() {
        await(publisher.publish(content(1), List.of()));
        SigningConfigPublisher rival = publisher(backing);
        store.interfereBeforeNextCommits(1, () -> await(rival.publish(content(2), List.of())));

        assertThat(await(publisher.delete(CLUSTER, List.of()))).isEqualTo(Deletion.DELETED);

        assertThat(floor()).isEqualTo(2);
        assertThat(await(publisher.publish(content(1), List.of())))
                .isInstanceOfSatisfying(Published.class, published -> assertThat(published.version()).isEqualTo(3));
    }

    @Test
    void aCorruptFloorFailsThePublishInsteadOfGuessingAVersion() {
        await(backing.put(keys.configFloor(CLUSTER), new byte[] {(byte) 0xff, 0x01}));

        assertThatThrownBy(() -> await(publisher.publish(content(1), List.of())))
                .isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(CorruptValueException.class)
                .hasMessageContaining(keys.configFloor(CLUSTER));
        assertThat(stored(keys.config(CLUSTER))).isEmpty();
    }

    private SigningConfigPublisher publisher(Store on) {
        return new SigningConfigPublisher(on, keys, signingKeys.signer(), signingKeys.publicKeys(), clock,
                PublisherOptions.defaults());
    }

    private static ClusterConfig content(int variant) {
        return ClusterConfig.newBuilder()
                .setCluster(CLUSTER)
                .setBackend(Backend.BACKEND_CILIUM)
                .addAssignments(ConfigAssignment.newBuilder().setIntent("payments").setEgressIp("198.51.100." + variant))
                .build();
    }

    private PinnedKeyConfigVerifier verifier() {
        return new PinnedKeyConfigVerifier(signingKeys.publicKeys(), CLUSTER, clock);
    }

    private ClusterConfig agentAccepts(long lastApplied) {
        Verification verification = verifier().verify(stored(keys.config(CLUSTER)).orElseThrow().value(), lastApplied);
        assertThat(verification).isInstanceOf(Verification.Accepted.class);
        return ((Verification.Accepted) verification).config();
    }

    private long floor() {
        KeyValue kv = stored(keys.configFloor(CLUSTER)).orElseThrow();
        try {
            return UInt64Value.parseFrom(kv.value()).getValue();
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError("floor of " + CLUSTER + " is not a UInt64Value", e);
        }
    }

    private Optional<KeyValue> stored(String key) {
        return await(backing.get(key));
    }

    private static <T> T await(CompletableFuture<T> future) {
        return future.orTimeout(10, TimeUnit.SECONDS).join();
    }
}
