package io.egressfed.hub.store;

import io.etcd.jetcd.common.exception.CompactedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adapts jetcd's watch callbacks to a {@link WatchDelivery}: converts events, maps jetcd's
 * {@link CompactedException} to {@link WatchListener#onCompacted(long)} and every other error to a
 * terminal {@link WatchListener#onError(Throwable)} (ending the delivery closes the jetcd watcher,
 * which stops jetcd from resuming it on its own).
 */
final class JetcdWatchListener implements io.etcd.jetcd.Watch.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(JetcdWatchListener.class);

    private final String prefix;
    private final WatchDelivery delivery;

    JetcdWatchListener(String prefix, WatchDelivery delivery) {
        this.prefix = prefix;
        this.delivery = delivery;
    }

    @Override
    public void onNext(io.etcd.jetcd.watch.WatchResponse response) {
        List<WatchEvent> events = new ArrayList<>(response.getEvents().size());
        for (io.etcd.jetcd.watch.WatchEvent event : response.getEvents()) {
            WatchEvent.Type type = switch (event.getEventType()) {
                case PUT -> WatchEvent.Type.PUT;
                case DELETE -> WatchEvent.Type.DELETE;
                default -> null;
            };
            if (type == null) {
                LOG.warn("ignoring an unrecognized event on {} at revision {}", prefix,
                        event.getKeyValue().getModRevision());
                continue;
            }
            io.etcd.jetcd.KeyValue previous = event.getPrevKV();
            Optional<KeyValue> prevKv = previous == null || previous.getKey().isEmpty()
                    ? Optional.empty()
                    : Optional.of(EtcdStore.toKeyValue(previous));
            events.add(new WatchEvent(type, EtcdStore.toKeyValue(event.getKeyValue()), prevKv));
        }
        delivery.events(events);
    }

    @Override
    public void onError(Throwable error) {
        if (error instanceof CompactedException compacted) {
            delivery.compacted(compacted.getCompactedRevision());
        } else {
            delivery.failed(new StoreException("watch of " + prefix + " broke: " + error.getMessage(), error));
        }
    }

    @Override
    public void onCompleted() {
        // Our own close ends the delivery first, so this only acts when jetcd ended the watch itself.
        delivery.failed(new StoreException("watch of " + prefix + " was closed by the etcd client"));
    }
}
