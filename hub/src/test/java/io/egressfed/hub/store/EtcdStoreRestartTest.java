package io.egressfed.hub.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.egressfed.testsupport.EtcdLauncher;
import io.egressfed.testsupport.RealEtcd;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * etcd is the only source of truth: whatever the store acknowledged must be there after etcd
 * restarts, for a brand-new store instance.
 */
@RealEtcd
class EtcdStoreRestartTest {

    private static final int WRITES = 300;

    private final String prefix = "/restart-" + UUID.randomUUID() + "/";

    @Test
    void everyAcknowledgedWriteSurvivesAnEtcdRestart(EtcdLauncher etcd) throws Exception {
        Map<String, String> acknowledged = new HashMap<>();
        long lastRevision;
        try (Store store = EtcdStore.connect(List.of(etcd.endpoint()))) {
            for (int i = 0; i < WRITES; i++) {
                String key = prefix + "item-" + (i % 200);
                if (i % 10 == 9) {
                    store.delete(key).get(30, TimeUnit.SECONDS);
                    acknowledged.remove(key);
                } else {
                    store.put(key, utf8("value-" + i)).get(30, TimeUnit.SECONDS);
                    acknowledged.put(key, "value-" + i);
                }
            }
            String claimed = prefix + "alloc/10.0.0.1";
            TxnResult claim = store.commit(Txn.when(Compare.absent(claimed)).then(Op.put(claimed, utf8("intent-a"))).build())
                    .get(30, TimeUnit.SECONDS);
            assertThat(claim.succeeded()).isTrue();
            acknowledged.put(claimed, "intent-a");
            lastRevision = claim.revision();
        }

        etcd.stop();
        etcd.start();

        try (Store fresh = EtcdStore.connect(List.of(etcd.endpoint()))) {
            Listing listing = fresh.list(prefix).get(30, TimeUnit.SECONDS);
            assertThat(asStrings(listing)).isEqualTo(acknowledged);
            assertThat(listing.revision()).isGreaterThanOrEqualTo(lastRevision);
        }
    }

    @Test
    void everyAcknowledgedWriteSurvivesSigkillDuringAWriteStream(EtcdLauncher etcd) throws Exception {
        Map<String, String> acknowledged = new ConcurrentHashMap<>();
        AtomicInteger unacknowledged = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService writer = Executors.newSingleThreadExecutor();
        Store store = EtcdStore.connect(List.of(etcd.endpoint()));
        try {
            Future<?> writing = writer.submit(() -> {
                for (int i = 0; !stop.get(); i++) {
                    String key = prefix + "stream-" + i;
                    try {
                        store.put(key, utf8("value-" + i)).get(30, TimeUnit.SECONDS);
                        acknowledged.put(key, "value-" + i);
                    } catch (ExecutionException | TimeoutException notAcknowledged) {
                        // The write may or may not have been applied; only acknowledged writes are promised.
                        unacknowledged.incrementAndGet();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            });
            await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() >= 100);

            etcd.kill();
            stop.set(true);
            store.close();
            writing.get(60, TimeUnit.SECONDS);
        } finally {
            writer.shutdownNow();
            store.close();
        }

        etcd.start();

        try (Store fresh = EtcdStore.connect(List.of(etcd.endpoint()))) {
            Map<String, String> stored = asStrings(fresh.list(prefix).get(30, TimeUnit.SECONDS));
            assertThat(stored).containsAllEntriesOf(acknowledged);
            assertThat(stored.size()).isLessThanOrEqualTo(acknowledged.size() + unacknowledged.get());
        }
    }

    private static Map<String, String> asStrings(Listing listing) {
        Map<String, String> result = new HashMap<>();
        listing.items().forEach(kv -> result.put(kv.key(), kv.valueUtf8()));
        return result;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
