package io.egressfed.hub.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.UInt64Value;
import io.egressfed.api.v1alpha1.SignedEnvelope;
import io.egressfed.hub.store.InMemoryStore;
import io.egressfed.hub.store.Keys;
import io.egressfed.hub.store.StoreMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The feed follows {@code configs/}: newest per cluster, per-cluster notifications, bad values ignored. */
class StoreConfigFeedTest {

    private static final String EU = "eu-west-1";
    private static final String US = "us-east-1";

    private final Keys keys = Keys.defaults();
    private final InMemoryStore store = new InMemoryStore();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final SignedConfigs configs = new SignedConfigs();
    private final StoreConfigFeed feed =
            new StoreConfigFeed(store, keys, new StoreMetrics(new PrometheusRegistry()), scheduler);

    @AfterEach
    void stop() {
        feed.close();
        scheduler.shutdownNow();
        store.close();
    }

    @Test
    void startsWithWhatIsStoredAndFollowsNewerVersions() {
        write(EU, configs.envelope(EU, 3));
        feed.start().join();
        assertThat(feed.current(EU)).hasValueSatisfying(config -> assertThat(config.version()).isEqualTo(3));
        assertThat(feed.current(US)).isEmpty();

        SignedEnvelope newer = configs.envelope(EU, 4);
        long revision = write(EU, newer);

        await().atMost(Duration.ofSeconds(20)).until(() -> feed.current(EU).orElseThrow().version() == 4);
        assertThat(feed.current(EU).orElseThrow().envelope()).isEqualTo(newer);
        assertThat(feed.current(EU).orElseThrow().modRevision()).isEqualTo(revision);
    }

    @Test
    void notifiesOnlyTheSubscribersOfTheChangedCluster() {
        feed.start().join();
        AtomicInteger euChanges = new AtomicInteger();
        AtomicInteger usChanges = new AtomicInteger();
        feed.subscribe(EU, euChanges::incrementAndGet);
        Subscription us = feed.subscribe(US, usChanges::incrementAndGet);

        write(US, configs.envelope(US, 1));
        await().atMost(Duration.ofSeconds(20)).until(() -> usChanges.get() == 1);
        write(EU, configs.envelope(EU, 1));
        await().atMost(Duration.ofSeconds(20)).until(() -> euChanges.get() == 1);
        us.close();
        write(US, configs.envelope(US, 2));
        write(EU, configs.envelope(EU, 2));
        await().atMost(Duration.ofSeconds(20)).until(() -> euChanges.get() == 2);

        assertThat(usChanges).as("no notification after close").hasValue(1);
        assertThat(feed.current(US).orElseThrow().version()).isEqualTo(2);
    }

    @Test
    void aDeletedConfigIsNoLongerCurrent() {
        write(EU, configs.envelope(EU, 1));
        feed.start().join();
        AtomicInteger changes = new AtomicInteger();
        feed.subscribe(EU, changes::incrementAndGet);

        store.delete(keys.config(EU)).join();

        await().atMost(Duration.ofSeconds(20)).until(() -> feed.current(EU).isEmpty());
        assertThat(changes).hasValue(1);
    }

    @Test
    void aValueThatIsNotThisClustersSignedConfigIsIgnoredAndThePreviousStaysCurrent() {
        write(EU, configs.envelope(EU, 1));
        feed.start().join();
        AtomicInteger changes = new AtomicInteger();
        feed.subscribe(EU, changes::incrementAndGet);

        store.put(keys.config(EU), new byte[] {1, 2, 3}).join();
        write(EU, configs.envelope(US, 9));
        write(EU, configs.envelope(EU, 1).toBuilder().setPayloadType("text/plain").build());
        write(EU, configs.envelope(EU, 2));

        await().atMost(Duration.ofSeconds(20)).until(() -> feed.current(EU).orElseThrow().version() == 2);
        assertThat(changes).as("only the valid write notified").hasValue(1);
        assertThat(feed.current(US)).as("a config stored under another cluster's key").isEmpty();
    }

    @Test
    void aClustersVersionFloorIsNotTakenForItsConfig() {
        feed.start().join();
        AtomicInteger euChanges = new AtomicInteger();
        feed.subscribe(EU, euChanges::incrementAndGet);

        store.put(keys.configFloor(EU), UInt64Value.of(7).toByteArray()).join();
        write(US, configs.envelope(US, 1));

        // The floor was written first, so the feed has seen it by the time it sees the US config.
        await().atMost(Duration.ofSeconds(5)).until(() -> feed.current(US).isPresent());
        assertThat(feed.current(EU)).isEmpty();
        assertThat(euChanges).hasValue(0);
    }

    private long write(String cluster, SignedEnvelope envelope) {
        return store.put(keys.config(cluster), envelope.toByteArray()).join();
    }
}
