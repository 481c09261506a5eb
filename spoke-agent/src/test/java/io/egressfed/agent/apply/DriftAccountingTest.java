package io.egressfed.agent.apply;

import static org.assertj.core.api.Assertions.assertThat;

import io.egressfed.agent.backend.ClusterView;
import io.egressfed.agent.backend.DesiredObject;
import io.egressfed.agent.backend.ObjectKey;
import io.egressfed.agent.backend.OwnedKind;
import io.egressfed.agent.backend.Ownership;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The sync against a cache that trails the agent's own writes: those are never written twice nor
 * counted as drift; a change by someone else is restored and counted once.
 */
class DriftAccountingTest {

    private static final ObjectKey KEY = new ObjectKey(FakeKind.KIND, "ns", "obj");

    private final FakeKind kind = new FakeKind();
    private final FakeCache cache = new FakeCache(kind);
    private final ApplyMetrics metrics = new ApplyMetrics(new PrometheusRegistry());
    private final AtomicLong clock = new AtomicLong();
    private final ObjectSync sync = new ObjectSync(cache, metrics, Duration.ofSeconds(30), clock::get);

    @Test
    void ownCreateIsNotRepeatedWhileTheCacheLags() {
        assertThat(sync(want("v1")).writes()).isEqualTo(1);

        assertThat(sync(want("v1")).writes()).as("cache has not seen the create").isZero();
        cache.catchUp(KEY);
        assertThat(sync(want("v1")).writes()).isZero();
        assertThat(kind.writes).isEqualTo(1);
        assertThat(drift()).isZero();
    }

    @Test
    void changeBySomeoneElseIsRestoredAndCountedOnce() {
        converge("v1");

        kind.editOnServer("tampered");
        cache.catchUp(KEY);
        assertThat(sync(want("v1")).writes()).isEqualTo(1);
        assertThat(kind.server.get(KEY).getData()).containsEntry("value", "v1");
        assertThat(drift()).isEqualTo(1);

        assertThat(sync(want("v1")).writes()).as("the cache still shows the tampered object").isZero();
        cache.catchUp(KEY);
        assertThat(sync(want("v1")).writes()).isZero();
        assertThat(drift()).isEqualTo(1);
    }

    @Test
    void deletionBeforeTheCacheSawTheCreateIsRestored() {
        assertThat(sync(want("v1")).writes()).isEqualTo(1);

        kind.server.remove(KEY);
        sync.observed(KEY);
        sync.observed(KEY);
        assertThat(sync(want("v1")).writes()).isEqualTo(1);

        assertThat(kind.server).containsKey(KEY);
        assertThat(drift()).isEqualTo(1);
    }

    @Test
    void newDesiredContentIsWrittenEvenWhileTheCacheLags() {
        converge("v1");
        assertThat(sync(want("v2")).writes()).isEqualTo(1);

        assertThat(sync(want("v3")).writes()).as("read fresh instead of trusting the stale cache").isEqualTo(1);

        assertThat(kind.server.get(KEY).getData()).containsEntry("value", "v3");
        assertThat(drift()).isZero();
    }

    @Test
    void conflictIsResolvedOnAFreshRead() {
        converge("v1");
        kind.editOnServer("someone");

        assertThat(sync(want("v2")).errors()).isEmpty();

        assertThat(kind.server.get(KEY).getData()).containsEntry("value", "v2");
        assertThat(kind.conflicts).isEqualTo(1);
    }

    @Test
    void unwantedObjectIsDeletedOnce() {
        converge("v1");

        assertThat(sync(List.of()).writes()).isEqualTo(1);
        assertThat(sync(List.of()).writes()).as("the cache still shows it").isZero();
        cache.catchUp(KEY);
        assertThat(kind.server).isEmpty();
        assertThat(sync(List.of()).writes()).isZero();
    }

    @Test
    void cacheThatNeverCatchesUpIsTrustedAgainAfterTheLimit() {
        assertThat(sync(want("v1")).writes()).isEqualTo(1);
        kind.server.remove(KEY);

        clock.addAndGet(Duration.ofSeconds(31).toNanos());

        assertThat(sync(want("v1")).writes()).isEqualTo(1);
        assertThat(kind.server).containsKey(KEY);
    }

    private void converge(String value) {
        sync(want(value));
        cache.catchUp(KEY);
        assertThat(sync(want(value)).writes()).isZero();
    }

    private ObjectSync.Result sync(List<DesiredObject> desired) {
        return sync.sync(List.of(kind), desired, 1);
    }

    private long drift() {
        return metrics.driftCorrections(FakeKind.KIND);
    }

    private static List<DesiredObject> want(String value) {
        ConfigMap object = new ConfigMapBuilder().withNewMetadata().withName("obj").withNamespace("ns")
                .withLabels(Ownership.labels("pay")).endMetadata().withData(Map.of("value", value)).build();
        return List.of(new DesiredObject(KEY, "pay", object));
    }

    /** An owned kind over an in-memory API server with resourceVersions and conflicts. */
    private static final class FakeKind implements OwnedKind<ConfigMap> {
        static final String KIND = "ConfigMap";
        final Map<ObjectKey, ConfigMap> server = new HashMap<>();
        int writes;
        int conflicts;
        private long resourceVersion;

        void editOnServer(String value) {
            ConfigMap edited = new ConfigMapBuilder(server.get(KEY)).withData(Map.of("value", value)).build();
            edited.getMetadata().setResourceVersion(Long.toString(++resourceVersion));
            server.put(KEY, edited);
        }

        @Override
        public String kind() {
            return KIND;
        }

        @Override
        public Class<ConfigMap> type() {
            return ConfigMap.class;
        }

        @Override
        public List<SharedIndexInformer<ConfigMap>> inform(ResourceEventHandler<ConfigMap> handler) {
            throw new UnsupportedOperationException("the test drives the cache by hand");
        }

        @Override
        public Object projection(ConfigMap object) {
            return List.of(object.getMetadata().getLabels(), object.getData());
        }

        @Override
        public ConfigMap merge(ConfigMap live, ConfigMap desired) {
            return new ConfigMapBuilder(live).withData(desired.getData()).build();
        }

        @Override
        public ConfigMap create(ConfigMap object) {
            if (server.containsKey(KEY)) {
                throw failure(409);
            }
            return store(object);
        }

        @Override
        public ConfigMap update(ConfigMap object) {
            ConfigMap current = server.get(KEY);
            if (current == null) {
                throw failure(404);
            }
            if (!current.getMetadata().getResourceVersion().equals(object.getMetadata().getResourceVersion())) {
                conflicts++;
                throw failure(409);
            }
            return store(object);
        }

        @Override
        public void delete(ConfigMap object) {
            writes++;
            server.remove(KEY);
        }

        @Override
        public List<ConfigMap> list() {
            return server.values().stream().map(object -> new ConfigMapBuilder(object).build()).toList();
        }

        @Override
        public ConfigMap get(ObjectKey key) {
            ConfigMap current = server.get(key);
            return current == null ? null : new ConfigMapBuilder(current).build();
        }

        private ConfigMap store(ConfigMap object) {
            writes++;
            ConfigMap stored = new ConfigMapBuilder(object).build();
            stored.getMetadata().setResourceVersion(Long.toString(++resourceVersion));
            server.put(KEY, stored);
            return new ConfigMapBuilder(stored).build();
        }

        private static KubernetesClientException failure(int code) {
            return new KubernetesClientException("HTTP " + code, code, new StatusBuilder().withCode(code).build());
        }
    }

    /** A cache that shows the server's state only when told to catch up. */
    private static final class FakeCache implements ClusterView {
        private final FakeKind kind;
        private final Map<ObjectKey, ConfigMap> cached = new HashMap<>();

        FakeCache(FakeKind kind) {
            this.kind = kind;
        }

        void catchUp(ObjectKey key) {
            ConfigMap current = kind.get(key);
            if (current == null) {
                cached.remove(key);
            } else {
                cached.put(key, current);
            }
        }

        @Override
        public List<Node> nodes() {
            return List.of();
        }

        @Override
        public Optional<Node> node(String name) {
            return Optional.empty();
        }

        @Override
        public Optional<GenericKubernetesResource> ciliumNode(String name) {
            return Optional.empty();
        }

        @Override
        public boolean watchesCiliumNodes() {
            return false;
        }

        @Override
        public <T extends HasMetadata> List<T> owned(OwnedKind<T> ownedKind) {
            return cached.values().stream().map(ownedKind.type()::cast).toList();
        }

        @Override
        public <T extends HasMetadata> Optional<T> owned(OwnedKind<T> ownedKind, ObjectKey key) {
            return Optional.ofNullable(cached.get(key)).map(ownedKind.type()::cast);
        }
    }
}
