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
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ConfigPublisher} that signs with an {@link EnvelopeSigner} and writes to a {@link Store}.
 *
 * <p>For each config it reads {@code configs/<cluster>} and the cluster name's version floor
 * {@code config-floors/<cluster>} (see {@link VersionFloor}), verifies the stored envelope with the
 * hub's own public keys (see {@link StoredConfig}), and compares {@link ConfigBytes#canonicalBytes
 * content}. When a new version is needed it stamps {@code version = stored + 1} ({@code floor + 1}
 * when absent), {@code issuedAt = now}, {@code expiresAt = now + ttl}, signs the config's deterministic
 * bytes ({@link ConfigBytes#payloadBytes}) and commits one transaction: the stored key's modRevision
 * (or its absence), the floor's, and the caller's fencing compares, then the put. A failed
 * modRevision compare means another writer got there first: the keys are read again and the decision
 * redone, up to {@link PublisherOptions#maxAttempts()} times. A failed fencing compare ends the attempt
 * at once.
 *
 * <p>Each publish of a config is one put, so the config key's etcd version (puts since creation) plus
 * the floor equals the stored config's version. A stored config whose version differs was not
 * written by this publisher (e.g. an old envelope put back by hand): it is replaced, and the new
 * version is above both numbers, so agents that applied the real latest version accept it.
 *
 * <p>Deleting a config raises the floor to the last version written, in the same transaction, so a
 * cluster deleted and created again under the same name continues above every version its agent may
 * have applied instead of restarting at 1. Thread-safe.
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
        return deleteAttempt(cluster, key, guards, 1);
    }

    private CompletableFuture<Deletion> deleteAttempt(String cluster, String key, List<Compare> fencing,
                                                      int attempt) {
        return read(cluster, key).thenCompose(current -> {
            if (current.config().isEmpty()) {
                return CompletableFuture.completedFuture(Deletion.ABSENT);
            }
            KeyValue kv = current.config().get();
            VersionFloor floor = current.floor();
            long retired = lastVersionWritten(cluster, kv, floor);
            Txn txn = Txn.when(Compare.modRevision(key, kv.modRevision()), floor.unchanged()).when(fencing)
                    .then(Op.delete(key)).then(floor.raisedTo(retired).stream().toList()).build();
            return store.commit(txn).thenCompose(result -> {
                if (result.succeeded()) {
                    LOG.info("deleted the config of cluster {} at v{}; a config of that name continues above it",
                            cluster, retired);
                    return CompletableFuture.completedFuture(Deletion.DELETED);
                }
                if (result.failedCompares().stream().anyMatch(fencing::contains)) {
                    LOG.warn("config of cluster {} not deleted: fencing failed {}", cluster, result.failedCompares());
                    return CompletableFuture.completedFuture(Deletion.FENCED);
                }
                if (attempt >= options.maxAttempts()) {
                    LOG.warn("config of cluster {} not deleted: {} kept changing for {} attempts", cluster, key,
                            attempt);
                    return CompletableFuture.completedFuture(Deletion.CONTENDED);
                }
                return deleteAttempt(cluster, key, fencing, attempt + 1);
            });
        });
    }

    /**
     * The highest version any agent may have applied from this key: every put since the key was
     * created advanced the version by at least one, and a trusted value may carry more (a repair).
     */
    private long lastVersionWritten(String cluster, KeyValue kv, VersionFloor floor) {
        long written = floor.version() + kv.version();
        StoredConfig stored = StoredConfig.classify(StoredConfig.verifierFor(trustedKeys, cluster, clock),
                Optional.of(kv));
        if (stored instanceof StoredConfig.Trusted trusted) {
            return Math.max(written, trusted.config().getVersion());
        }
        return written;
    }

    /** The config key and the floor of one cluster, as read. */
    private record Current(Optional<KeyValue> config, VersionFloor floor) {
    }

    private CompletableFuture<Current> read(String cluster, String key) {
        String floorKey = keys.configFloor(cluster);
        // Two reads may see different revisions; the write's compares on both keys make them consistent.
        return store.get(key).thenCombine(store.get(floorKey),
                (config, floor) -> new Current(config, VersionFloor.of(floorKey, floor)));
    }

    private CompletableFuture<PublishOutcome> attempt(
            ClusterConfig content, byte[] canonical, String key, List<Compare> fencing, int attempt) {
        String cluster = content.getCluster();
        return read(cluster, key).thenCompose(state -> {
            Optional<KeyValue> current = state.config();
            VersionFloor floor = state.floor();
            StoredConfig stored = StoredConfig.classify(StoredConfig.verifierFor(trustedKeys, cluster, clock), current);
            Instant now = clock.instant();
            Plan plan = plan(cluster, canonical, stored, floor, now);
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
            Txn txn = Txn.when(unchangedSinceRead, floor.unchanged()).when(fencing)
                    .then(Op.put(key, envelope.toByteArray())).build();
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

    private Plan plan(String cluster, byte[] canonical, StoredConfig stored, VersionFloor floor, Instant now) {
        if (stored instanceof StoredConfig.Untrusted untrusted) {
            KeyValue kv = untrusted.stored();
            LOG.warn("stored config {} of cluster {} is not trusted ({}); replacing it", kv.key(), cluster,
                    untrusted.problem());
            return new Plan.Write(floor.version() + kv.version() + 1, Reason.REPAIRED);
        }
        if (!(stored instanceof StoredConfig.Trusted trusted)) {
            return new Plan.Write(floor.version() + 1, Reason.CREATED);
        }
        long storedVersion = trusted.config().getVersion();
        long written = floor.version() + trusted.stored().version();
        if (storedVersion != written) {
            LOG.warn("stored config of cluster {} has version {} but its key's puts above the floor v{} make {};"
                    + " replacing it", cluster, Long.toUnsignedString(storedVersion), floor.version(), written);
            return new Plan.Write(Math.max(storedVersion, written) + 1, Reason.REPAIRED);
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
