package io.egressfed.hub.link;

import com.google.protobuf.InvalidProtocolBufferException;
import io.egressfed.api.envelope.PayloadTypes;
import io.egressfed.api.v1alpha1.ClusterConfig;
import io.egressfed.api.v1alpha1.SignedEnvelope;
import io.egressfed.hub.store.KeyValue;
import io.egressfed.hub.store.Keys;
import io.egressfed.hub.store.Listing;
import io.egressfed.hub.store.ResyncListener;
import io.egressfed.hub.store.ResyncingWatcher;
import io.egressfed.hub.store.Store;
import io.egressfed.hub.store.StoreMetrics;
import io.egressfed.hub.store.WatchEvent;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ConfigFeed} that follows {@code configs/} in the store with a {@link ResyncingWatcher}, so
 * that every hub replica pushes what the coordinator wrote, across compactions and lost watches.
 *
 * <p>The hub reads the envelope's payload here only to learn the cluster and version it must compare
 * with what an agent applied. That payload was signed and written by the hub itself; authenticity is
 * the agent's concern, which verifies every envelope before it parses it. A stored value that is not
 * a config envelope for the cluster of its key is logged and ignored, and the previous config stays
 * current: pushing it could only make the agent NACK.
 *
 * <p>Thread-safe.
 */
public final class StoreConfigFeed implements ConfigFeed, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StoreConfigFeed.class);

    private final String prefix;
    private final ResyncingWatcher watcher;
    private final Map<String, DesiredConfig> latest = new ConcurrentHashMap<>();
    private final Map<String, Set<Runnable>> subscribers = new ConcurrentHashMap<>();

    /**
     * Creates a feed; it follows the store once {@link #start()} is called.
     *
     * @param store the store the coordinator writes configs to
     * @param keys the key layout
     * @param metrics where the watcher counts re-lists
     * @param scheduler runs the watcher's retries (owned by the caller)
     */
    public StoreConfigFeed(Store store, Keys keys, StoreMetrics metrics, ScheduledExecutorService scheduler) {
        this.prefix = keys.configs();
        this.watcher = new ResyncingWatcher(store, prefix, new Follower(), metrics, scheduler);
    }

    /**
     * Lists the stored configs and follows their changes.
     *
     * @return completes once the stored configs are known
     */
    public CompletableFuture<Void> start() {
        return watcher.start();
    }

    @Override
    public Optional<DesiredConfig> current(String cluster) {
        return Optional.ofNullable(latest.get(Objects.requireNonNull(cluster, "cluster")));
    }

    @Override
    public Subscription subscribe(String cluster, Runnable onChange) {
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(onChange, "onChange");
        // A wrapper gives every registration its own identity, so one callback registered twice is
        // removed once per close.
        Runnable registration = onChange::run;
        subscribers.computeIfAbsent(cluster, name -> new CopyOnWriteArraySet<>()).add(registration);
        return () -> subscribers.computeIfPresent(cluster, (name, set) -> {
            set.remove(registration);
            return set.isEmpty() ? null : set;
        });
    }

    /** Stops following the store; the last known configs stay readable. */
    @Override
    public void close() {
        watcher.close();
    }

    private void notifyChanged(Set<String> clusters) {
        for (String cluster : clusters) {
            for (Runnable subscriber : subscribers.getOrDefault(cluster, Set.of())) {
                try {
                    subscriber.run();
                } catch (RuntimeException e) {
                    log.error("config subscriber of cluster {} failed", cluster, e);
                }
            }
        }
    }

    /** Decodes a stored value, or explains why it cannot be pushed. */
    private Optional<DesiredConfig> decode(KeyValue kv) {
        String cluster;
        try {
            cluster = Keys.nameIn(prefix, kv.key());
        } catch (IllegalArgumentException e) {
            log.warn("ignoring {}: not a cluster config key", kv.key());
            return Optional.empty();
        }
        try {
            SignedEnvelope envelope = SignedEnvelope.parseFrom(kv.value());
            if (!PayloadTypes.CLUSTER_CONFIG.equals(envelope.getPayloadType())) {
                return ignored(kv, "payloadType is \"" + envelope.getPayloadType() + "\", expected "
                        + PayloadTypes.CLUSTER_CONFIG);
            }
            ClusterConfig config = ClusterConfig.parseFrom(envelope.getPayload());
            if (!config.getCluster().equals(cluster)) {
                return ignored(kv, "config is for cluster \"" + config.getCluster() + "\"");
            }
            if (config.getVersion() < 1) {
                return ignored(kv, "version " + Long.toUnsignedString(config.getVersion())
                        + " is out of range (1.." + Long.MAX_VALUE + ")");
            }
            return Optional.of(new DesiredConfig(cluster, config.getVersion(), envelope, kv.modRevision()));
        } catch (InvalidProtocolBufferException e) {
            return ignored(kv, "not a signed cluster config (" + e.getMessage() + ")");
        }
    }

    private static Optional<DesiredConfig> ignored(KeyValue kv, String reason) {
        log.warn("ignoring {} at revision {}: {}; the previous config stays current", kv.key(), kv.modRevision(),
                reason);
        return Optional.empty();
    }

    /** Keeps {@link #latest} in step with the store. Callbacks never overlap. */
    private final class Follower implements ResyncListener {

        @Override
        public void onSnapshot(Listing snapshot, SnapshotReason reason) {
            Set<String> changed = new HashSet<>();
            Set<String> present = new HashSet<>();
            for (KeyValue kv : snapshot.items()) {
                Optional<DesiredConfig> config = decode(kv);
                config.ifPresent(found -> {
                    present.add(found.cluster());
                    if (!found.equals(latest.put(found.cluster(), found))) {
                        changed.add(found.cluster());
                    }
                });
            }
            for (String cluster : Set.copyOf(latest.keySet())) {
                if (!present.contains(cluster) && storedKeyMissing(snapshot, cluster)) {
                    latest.remove(cluster);
                    changed.add(cluster);
                }
            }
            log.info("config feed has {} cluster configs at revision {} ({})", latest.size(), snapshot.revision(),
                    reason);
            notifyChanged(changed);
        }

        @Override
        public void onEvents(List<WatchEvent> events) {
            Set<String> changed = new HashSet<>();
            for (WatchEvent event : events) {
                if (event.type() == WatchEvent.Type.DELETE) {
                    String cluster = clusterOf(event.key());
                    if (cluster != null && latest.remove(cluster) != null) {
                        changed.add(cluster);
                    }
                    continue;
                }
                decode(event.kv()).ifPresent(config -> {
                    latest.put(config.cluster(), config);
                    changed.add(config.cluster());
                });
            }
            notifyChanged(changed);
        }

        /** A cluster whose key holds an undecodable value keeps its previous config. */
        private boolean storedKeyMissing(Listing snapshot, String cluster) {
            String key = prefix + cluster;
            return snapshot.items().stream().noneMatch(kv -> kv.key().equals(key));
        }

        private String clusterOf(String key) {
            try {
                return Keys.nameIn(prefix, key);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }
}
