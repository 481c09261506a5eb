package io.egressfed.hub.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A consumer that keeps a key -> UTF-8 value copy of a prefix, as a real cache would. */
class MirroringListener implements ResyncListener {

    private final Map<String, String> state = new HashMap<>();
    private final List<SnapshotReason> snapshots = new ArrayList<>();
    private final List<String> orderViolations = new ArrayList<>();
    private long revision;

    @Override
    public synchronized void onSnapshot(Listing snapshot, SnapshotReason reason) {
        state.clear();
        snapshot.items().forEach(kv -> state.put(kv.key(), kv.valueUtf8()));
        snapshots.add(reason);
        revision = snapshot.revision();
    }

    @Override
    public synchronized void onEvents(List<WatchEvent> events) {
        for (WatchEvent event : events) {
            if (event.revision() <= revision) {
                orderViolations.add("event at revision " + event.revision() + " after revision " + revision);
            }
            switch (event.type()) {
                case PUT -> state.put(event.key(), event.kv().valueUtf8());
                case DELETE -> state.remove(event.key());
            }
        }
        revision = events.get(events.size() - 1).revision();
    }

    synchronized Map<String, String> state() {
        return Map.copyOf(state);
    }

    synchronized List<String> orderViolations() {
        return List.copyOf(orderViolations);
    }

    synchronized List<SnapshotReason> snapshots() {
        return List.copyOf(snapshots);
    }
}
