package io.egressfed.agent.apply;

import io.egressfed.agent.backend.ClusterView;
import io.egressfed.agent.backend.DesiredObject;
import io.egressfed.agent.backend.ObjectKey;
import io.egressfed.agent.backend.OwnedKind;
import io.egressfed.agent.backend.Ownership;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the owned objects of the cluster equal to the desired ones: creates what is missing, updates
 * what differs (guarded by resourceVersion), deletes owned objects nobody wants, and counts a
 * difference as drift when the agent had already written exactly the desired content.
 *
 * <p>The informer cache trails the agent's own writes. After a write, the cache entry is trusted again
 * only once it moved past the version the write was based on (or, after a create, once an event for
 * the key arrived); until then a key whose desired content is what was written is left alone, and one
 * whose desired content changed is compared with a fresh read instead. Confined to the reconcile
 * thread, except {@link #observed}.
 */
final class ObjectSync {

    /**
     * What one sync did.
     *
     * @param errors by intent name: objects that could not be written
     * @param writes creates, updates and deletes done
     */
    record Result(Map<String, String> errors, int writes) {
    }

    /** A write whose effect the cache may not show yet. */
    private record Pending(Set<String> staleVersions, boolean created, long writtenAtNanos) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(ObjectSync.class);
    private static final int CONFLICT_ATTEMPTS = 3;

    private final ClusterView view;
    private final ApplyMetrics metrics;
    private final Duration cacheLagLimit;
    private final LongSupplier nanoTime;
    private final Map<ObjectKey, Object> written = new HashMap<>();
    private final Map<ObjectKey, Pending> pending = new HashMap<>();
    private final ConcurrentLinkedQueue<ObjectKey> events = new ConcurrentLinkedQueue<>();

    ObjectSync(ClusterView view, ApplyMetrics metrics, Duration cacheLagLimit, LongSupplier nanoTime) {
        this.view = view;
        this.metrics = metrics;
        this.cacheLagLimit = cacheLagLimit;
        this.nanoTime = nanoTime;
    }

    /** Records that the informer delivered an event for {@code key}; safe from any thread. */
    void observed(ObjectKey key) {
        events.add(key);
    }

    /**
     * Whether an object is in the cluster as far as the agent knows: in the cache, or just created by
     * the agent and not yet in the cache.
     */
    boolean present(OwnedKind<?> kind, ObjectKey key) {
        if (view.owned(kind, key).isPresent()) {
            return !deletedByUs(key);
        }
        Pending recent = pending.get(key);
        return recent != null && recent.created();
    }

    /**
     * Syncs every watched kind.
     *
     * @param kinds   the kinds to sync (owned objects of other kinds are left alone)
     * @param desired every object the plans want
     * @param version the config version to stamp on written objects
     * @return errors by intent and the number of writes
     */
    Result sync(List<OwnedKind<?>> kinds, List<DesiredObject> desired, long version) {
        drainEvents();
        Map<String, String> errors = new LinkedHashMap<>();
        int writes = 0;
        for (OwnedKind<?> kind : kinds) {
            writes += syncKind(kind, desired, version, errors);
        }
        return new Result(errors, writes);
    }

    private <T extends HasMetadata> int syncKind(OwnedKind<T> kind, List<DesiredObject> desired, long version,
                                                 Map<String, String> errors) {
        Map<ObjectKey, T> live = new HashMap<>();
        for (T object : view.owned(kind)) {
            live.put(ObjectKey.of(kind.kind(), object), object);
        }
        int wanted = 0;
        int writes = 0;
        for (DesiredObject object : desired) {
            if (!object.key().kind().equals(kind.kind())) {
                continue;
            }
            wanted++;
            T want = kind.type().cast(object.object());
            T current = live.remove(object.key());
            try {
                writes += ensure(kind, object.key(), current, want, version);
            } catch (KubernetesClientException e) {
                errors.merge(object.intent(), "cannot write " + object.key() + ": " + describe(e),
                        (a, b) -> a + "; " + b);
            }
        }
        for (Map.Entry<ObjectKey, T> unwanted : live.entrySet()) {
            try {
                writes += remove(kind, unwanted.getKey(), unwanted.getValue());
            } catch (KubernetesClientException e) {
                String intent = Ownership.intentOf(unwanted.getValue()).orElse(unwanted.getKey().toString());
                errors.merge(intent, "cannot delete " + unwanted.getKey() + ": " + describe(e), (a, b) -> a + "; " + b);
            }
        }
        metrics.managed(kind.kind(), wanted);
        return writes;
    }

    private <T extends HasMetadata> int ensure(OwnedKind<T> kind, ObjectKey key, T cached, T want, long version) {
        Object wantProjection = kind.projection(want);
        T current = cached;
        Set<String> seenVersions = new HashSet<>();
        if (cached != null) {
            seenVersions.add(cached.getMetadata().getResourceVersion());
        }
        if (cacheMayLag(key, cached)) {
            if (wantProjection.equals(written.get(key))) {
                return 0;
            }
            current = fetch(kind, key, seenVersions);
        }
        boolean drift = wantProjection.equals(written.get(key));
        for (int attempt = 1; ; attempt++) {
            if (current != null && wantProjection.equals(kind.projection(current))) {
                written.put(key, wantProjection);
                return 0;
            }
            try {
                if (current == null) {
                    kind.create(stamped(want, version));
                } else {
                    kind.update(stamped(kind.merge(current, want), version));
                }
                if (drift) {
                    metrics.driftCorrected(kind.kind());
                    LOG.info("Restored {} after it was {} by someone else", key, current == null ? "deleted" : "changed");
                }
                pending.put(key, new Pending(Set.copyOf(seenVersions), current == null, nanoTime.getAsLong()));
                written.put(key, wantProjection);
                return 1;
            } catch (KubernetesClientException e) {
                boolean retriable = e.getCode() == HttpURLConnection.HTTP_CONFLICT
                        || (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND && current != null);
                if (!retriable || attempt == CONFLICT_ATTEMPTS) {
                    throw e;
                }
                current = fetch(kind, key, seenVersions);
            }
        }
    }

    private static <T extends HasMetadata> T fetch(OwnedKind<T> kind, ObjectKey key, Set<String> seenVersions) {
        T fresh = kind.get(key);
        if (fresh != null) {
            seenVersions.add(fresh.getMetadata().getResourceVersion());
        }
        return fresh;
    }

    private <T extends HasMetadata> int remove(OwnedKind<T> kind, ObjectKey key, T cached) {
        if (cacheMayLag(key, cached) && deletedByUs(key)) {
            return 0;
        }
        kind.delete(cached);
        written.remove(key);
        pending.put(key, new Pending(Set.of(cached.getMetadata().getResourceVersion()), false, nanoTime.getAsLong()));
        return 1;
    }

    /** Whether the cache entry for {@code key} may still predate the agent's last write of it. */
    private boolean cacheMayLag(ObjectKey key, HasMetadata cached) {
        Pending recent = pending.get(key);
        if (recent == null) {
            return false;
        }
        if (nanoTime.getAsLong() - recent.writtenAtNanos() > cacheLagLimit.toNanos()) {
            pending.remove(key);
            return false;
        }
        boolean lagging = cached == null
                ? recent.created()
                : recent.staleVersions().contains(cached.getMetadata().getResourceVersion());
        if (!lagging) {
            pending.remove(key);
        }
        return lagging;
    }

    private boolean deletedByUs(ObjectKey key) {
        Pending recent = pending.get(key);
        return recent != null && !recent.created() && !written.containsKey(key);
    }

    private void drainEvents() {
        for (ObjectKey key = events.poll(); key != null; key = events.poll()) {
            Pending recent = pending.get(key);
            if (recent != null && recent.created()) {
                pending.remove(key);
            }
        }
    }

    /** Stamps in place: desired objects are built anew on every pass and merged objects are copies. */
    private static <T> T stamped(T object, long version) {
        HasMetadata meta = (HasMetadata) object;
        Map<String, String> annotations = new LinkedHashMap<>();
        if (meta.getMetadata().getAnnotations() != null) {
            annotations.putAll(meta.getMetadata().getAnnotations());
        }
        annotations.put(Ownership.CONFIG_VERSION, Long.toString(version));
        meta.getMetadata().setAnnotations(annotations);
        return object;
    }

    private static String describe(KubernetesClientException e) {
        String message = e.getStatus() != null && e.getStatus().getMessage() != null
                ? e.getStatus().getMessage() : e.getMessage();
        return e.getCode() > 0 ? message + " (HTTP " + e.getCode() + ")" : message;
    }
}
