package io.egressfed.hub.compile;

import com.google.protobuf.Timestamp;
import io.egressfed.api.envelope.Ed25519PublicKey;
import io.egressfed.api.envelope.EnvelopeSigner;
import io.egressfed.api.envelope.KeyId;
import io.egressfed.api.envelope.PayloadTypes;
import io.egressfed.api.v1alpha1.ClusterConfig;
import io.egressfed.api.v1alpha1.SignedEnvelope;
import io.egressfed.hub.compile.PublishOutcome.Conflict;
import io.egressfed.hub.compile.PublishOutcome.ConflictCause;
import io.egressfed.hub.compile.PublishOutcome.Published;
import io.egressfed.hub.compile.PublishOutcome.Reason;
import io.egressfed.hub.compile.PublishOutcome.Unchanged;
import io.egressfed.hub.store.Compare;
import io.egressfed.hub.store.Keys;
import io.egressfed.hub.store.KeyValue;
import io.egressfed.hub.store.Op;
import io.egressfed.hub.store.Store;
import io.egressfed.hub.store.Txn;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ConfigPublisher} that signs with an {@link EnvelopeSigner} and writes to a {@link Store}.
 *
 * <p>For each config it reads {@code configs/<cluster>}, verifies the stored envelope with the hub's
 * own public keys (see {@link StoredConfig}), and compares {@link ConfigBytes#canonicalBytes content}.
 * When a new version is needed it stamps {@code version = stored + 1} (1 when absent),
 * {@code issuedAt = now}, {@code expiresAt = now + ttl}, signs the config's deterministic bytes
 * ({@link ConfigBytes#payloadBytes}) and commits one transaction: the stored key's modRevision (or
 * its absence) plus the caller's fencing compares, then the put. A failed modRevision compare means
 * another writer got there first: the key is read again and the decision redone, up to
 * {@link PublisherOptions#maxAttempts()} times. A failed fencing compare ends the attempt at once.
 *
 * <p>Each publish of a config is one put, so the key's etcd version (puts since creation) equals the
 * stored config's version. A stored config whose version differs was not written by this publisher
 * (e.g. an old envelope put back by hand): it is replaced, and the new version is above both numbers,
 * so agents that applied the real latest version accept it. Thread-safe.
 */
public final class SigningConfigPublisher implements ConfigPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(SigningConfigPublisher.class);

    private final Store store;
    private final Keys keys;
    private final EnvelopeSigner signer;
    private final List<Ed25519PublicKey> trustedKeys;
    private final Clock clock;
    private final PublisherOptions options;

    /**
     * Creates a publisher.
     *
     * @param store where configs are stored
     * @param keys the key layout
     * @param signer signs new configs
     * @param trustedKeys the hub's public keys, against which stored configs are verified; must
     *     include the signer's key (e.g. {@link SigningKeys#publicKeys()})
     * @param clock stamps issuedAt and expiresAt
     * @param options validity and retry settings
     * @throws IllegalArgumentException when {@code trustedKeys} lacks the signer's key, which would
     *     make every stored config look forged
     */
    public SigningConfigPublisher(Store store, Keys keys, EnvelopeSigner signer,
            Collection<Ed25519PublicKey> trustedKeys, Clock clock, PublisherOptions options) {
        this.store = Objects.requireNonNull(store, "store");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.signer = Objects.requireNonNull(signer, "signer");
        this.trustedKeys = List.copyOf(Objects.requireNonNull(trustedKeys, "trustedKeys"));
        this.clock = Objects.requireNonNull(clock, "clock");
        this.options = Objects.requireNonNull(options, "options");
        KeyId signerKey = signer.keyId();
        if (this.trustedKeys.stream().noneMatch(key -> key.keyId().equals(signerKey))) {
            throw new IllegalArgumentException("trustedKeys: must include the signer's public key " + signerKey);
        }
    }

    @Override
    public CompletableFuture<PublishOutcome> publish(ClusterConfig content, List<Compare> fencing) {
        Objects.requireNonNull(content, "content");
        List<Compare> guards = List.copyOf(Objects.requireNonNull(fencing, "fencing"));
        String key = keys.config(content.getCluster());
        return attempt(content, ConfigBytes.canonicalBytes(content), key, guards, 1);
    }

    @Override
    public CompletableFuture<SortedMap<String, PublishOutcome>> publishAll(
            SortedMap<String, ClusterConfig> contents, List<Compare> fencing) {
        Objects.requireNonNull(contents, "contents");
        contents.forEach((cluster, config) -> {
            if (!config.getCluster().equals(cluster)) {
                throw new IllegalArgumentException("contents[" + cluster + "].cluster: is '" + config.getCluster()
                        + "', expected the map key");
            }
            keys.config(cluster);
        });
        List<CompletableFuture<PublishOutcome>> futures = new ArrayList<>();
        contents.values().forEach(config -> futures.add(publish(config, fencing)));
        return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).thenApply(done -> {
            SortedMap<String, PublishOutcome> outcomes = new TreeMap<>();
            futures.forEach(future -> {
                PublishOutcome outcome = future.join();
                outcomes.put(outcome.cluster(), outcome);
            });
            return Collections.unmodifiableSortedMap(outcomes);
        });
    }

    @Override
    public CompletableFuture<Deletion> delete(String cluster, List<Compare> fencing) {
        String key = keys.config(cluster);
        List<Compare> guards = List.copyOf(Objects.requireNonNull(fencing, "fencing"));
        Txn txn = Txn.when(Compare.present(key)).when(guards).then(Op.delete(key)).build();
        return store.commit(txn).thenApply(result -> {
            if (result.succeeded()) {
                LOG.info("deleted the config of cluster {}", cluster);
                return Deletion.DELETED;
            }
            if (result.failedCompares().stream().anyMatch(guards::contains)) {
                LOG.warn("config of cluster {} not deleted: fencing failed {}", cluster, result.failedCompares());
                return Deletion.FENCED;
            }
            return Deletion.ABSENT;
        });
    }

    private CompletableFuture<PublishOutcome> attempt(
            ClusterConfig content, byte[] canonical, String key, List<Compare> fencing, int attempt) {
        String cluster = content.getCluster();
        return store.get(key).thenCompose(current -> {
            StoredConfig stored = StoredConfig.classify(StoredConfig.verifierFor(trustedKeys, cluster, clock), current);
            Instant now = clock.instant();
            Plan plan = plan(cluster, canonical, stored, now);
            if (plan instanceof Plan.Keep keep) {
                LOG.debug("config of cluster {} unchanged at v{}", cluster, keep.version());
                return CompletableFuture.completedFuture(new Unchanged(cluster, keep.version()));
            }
            Plan.Write write = (Plan.Write) plan;
            ClusterConfig stamped = content.toBuilder()
                    .setVersion(write.version())
                    .setIssuedAt(timestamp(now))
                    .setExpiresAt(timestamp(now.plus(options.ttl())))
                    .build();
            SignedEnvelope envelope = signer.sign(PayloadTypes.CLUSTER_CONFIG, ConfigBytes.payloadBytes(stamped));
            Compare unchangedSinceRead = current.map(kv -> Compare.modRevision(key, kv.modRevision()))
                    .orElseGet(() -> Compare.absent(key));
            Txn txn = Txn.when(unchangedSinceRead).when(fencing).then(Op.put(key, envelope.toByteArray())).build();
            return store.commit(txn).thenCompose(result -> {
                if (result.succeeded()) {
                    LOG.info("published config v{} of cluster {} ({}), signed by key {}", stamped.getVersion(),
                            cluster, write.reason(), signer.keyId());
                    return CompletableFuture.completedFuture(
                            new Published(cluster, stamped.getVersion(), write.reason(), result.revision()));
                }
                if (result.failedCompares().stream().anyMatch(fencing::contains)) {
                    LOG.warn("config of cluster {} not published: fencing failed {}", cluster,
                            result.failedCompares());
                    return CompletableFuture.completedFuture(
                            new Conflict(cluster, ConflictCause.FENCED, attempt, result.failedCompares()));
                }
                if (attempt >= options.maxAttempts()) {
                    LOG.warn("config of cluster {} not published: {} kept changing for {} attempts", cluster, key,
                            attempt);
                    return CompletableFuture.completedFuture(
                            new Conflict(cluster, ConflictCause.CONTENDED, attempt, result.failedCompares()));
                }
                LOG.debug("config of cluster {} changed concurrently; attempt {} of {}", cluster, attempt + 1,
                        options.maxAttempts());
                return attempt(content, canonical, key, fencing, attempt + 1);
            });
        });
    }

    /** Whether the stored config stays or a new version is written. */
    private sealed interface Plan {
        /** The stored config stays. */
        record Keep(long version) implements Plan {
        }

        /** A new version is written. */
        record Write(long version, Reason reason) implements Plan {
        }
    }

    private Plan plan(String cluster, byte[] canonical, StoredConfig stored, Instant now) {
        if (stored instanceof StoredConfig.Untrusted untrusted) {
            KeyValue kv = untrusted.stored();
            LOG.warn("stored config {} of cluster {} is not trusted ({}); replacing it", kv.key(), cluster,
                    untrusted.problem());
            return new Plan.Write(kv.version() + 1, Reason.REPAIRED);
        }
        if (!(stored instanceof StoredConfig.Trusted trusted)) {
            return new Plan.Write(1, Reason.CREATED);
        }
        long storedVersion = trusted.config().getVersion();
        long writes = trusted.stored().version();
        if (storedVersion != writes) {
            LOG.warn("stored config of cluster {} has version {} but its key was written {} times; replacing it",
                    cluster, Long.toUnsignedString(storedVersion), writes);
            return new Plan.Write(Math.max(storedVersion, writes) + 1, Reason.REPAIRED);
        }
        long next = storedVersion + 1;
        if (!Arrays.equals(ConfigBytes.canonicalBytes(trusted.config()), canonical)) {
            return new Plan.Write(next, Reason.CHANGED);
        }
        if (!trusted.keyId().equals(signer.keyId().hex())) {
            return new Plan.Write(next, Reason.RESIGNED);
        }
        Instant expiresAt = toInstant(trusted.config().getExpiresAt());
        if (Duration.between(now, expiresAt).compareTo(options.refreshBefore()) < 0) {
            return new Plan.Write(next, Reason.REFRESHED);
        }
        return new Plan.Keep(storedVersion);
    }

    private static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }

    private static Instant toInstant(Timestamp timestamp) {
        return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
    }

    @Override
    public String toString() {
        return "SigningConfigPublisher[keyId=" + signer.keyId() + ", trusted=" + trustedKeys.size() + ", "
                + options + "]";
    }
}
