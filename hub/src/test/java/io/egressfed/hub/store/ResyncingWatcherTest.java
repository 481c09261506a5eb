package io.egressfed.hub.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.egressfed.hub.store.ResyncListener.SnapshotReason;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ResyncingWatcherTest {

    private static final String PREFIX = "/watched/";

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final StoreMetrics metrics = new StoreMetrics(registry);
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final InMemoryStore backing = new InMemoryStore();

    @AfterEach
    void tearDown() {
        backing.close();
        scheduler.shutdownNow();
    }

    @Test
    void initialListingIsRetriedUntilTheStoreAnswers() throws Exception {
        backing.put(PREFIX + "a", "1".getBytes(StandardCharsets.UTF_8)).get();
        AtomicInteger failuresLeft = new AtomicInteger(2);
        Store flaky = new ForwardingStore(backing) {
            @Override
            public CompletableFuture<Listing> list(String prefix) {
                return failuresLeft.getAndDecrement() > 0
                        ? CompletableFuture.failedFuture(new StoreException("etcd unavailable"))
                        : super.list(prefix);
            }
        };
        MirroringListener mirror = new MirroringListener();

        try (ResyncingWatcher watcher = new ResyncingWatcher(flaky, PREFIX, mirror, metrics, scheduler)) {
            watcher.start().get(10, TimeUnit.SECONDS);

            assertThat(mirror.state()).containsEntry(PREFIX + "a", "1");
            assertThat(mirror.snapshots()).containsExactly(SnapshotReason.INITIAL);
            assertThat(failuresLeft.get()).isNegative();
        }
    }

    @Test
    void startsOnlyOnce() {
        try (ResyncingWatcher watcher = new ResyncingWatcher(backing, PREFIX, new MirroringListener(), metrics, scheduler)) {
            watcher.start();

            assertThatThrownBy(watcher::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("already started");
            assertThatThrownBy(() -> watcher.resumeFrom(5)).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void relistCounterIsExposedWithThePrefixLabel() throws Exception {
        metrics.recordRelist(PREFIX);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        PrometheusTextFormatWriter.create().write(out, registry.scrape());

        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("egressfed_store_watch_relists_total{prefix=\"/watched/\"} 1.0");
    }
}
