package io.egressfed.hub.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Per-test store, random key prefix, metrics and helpers for the store contract. Subclasses say how
 * to make a store and how to break its connection.
 */
abstract class StoreTestFixture {

    protected static final Duration PATIENCE = Duration.ofSeconds(30);

    protected final String prefix = "/contract-" + UUID.randomUUID() + "/";
    protected Store store;
    private ScheduledExecutorService scheduler;
    protected StoreMetrics metrics;

    /** A new store on the implementation's backend. */
    protected abstract Store newStore();

    /** Breaks the store's connection to its backend so open watches fail, then restores it. */
    protected abstract void loseConnection(Store store);

    @BeforeEach
    void openStore() {
        store = newStore();
        scheduler = Executors.newSingleThreadScheduledExecutor();
        metrics = new StoreMetrics(new PrometheusRegistry());
    }

    @AfterEach
    void closeStore() {
        store.close();
        scheduler.shutdownNow();
    }

    protected ResyncingWatcher newWatcher(ResyncListener listener) {
        return new ResyncingWatcher(store, prefix, listener, metrics, scheduler);
    }

    protected void awaitMirrorEqualsStore(MirroringListener mirror) {
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(mirror.state()).isEqualTo(storeState()));
    }

    protected Map<String, String> storeState() throws Exception {
        Map<String, String> state = new HashMap<>();
        done(store.list(prefix)).items().forEach(kv -> state.put(kv.key(), kv.valueUtf8()));
        return state;
    }

    protected String key(String name) {
        return prefix + name;
    }

    protected static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    protected static <T> T done(CompletableFuture<T> future)
            throws InterruptedException, ExecutionException, TimeoutException {
        return future.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
    }
}
