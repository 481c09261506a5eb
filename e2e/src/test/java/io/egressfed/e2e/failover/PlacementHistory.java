package io.egressfed.e2e.failover;

import io.egressfed.api.v1alpha1.PlacementDecision;
import io.egressfed.hub.store.Codec;
import io.egressfed.hub.store.Keys;
import io.egressfed.hub.store.Store;
import io.egressfed.hub.store.Watch;
import io.egressfed.hub.store.WatchEvent;
import io.egressfed.hub.store.WatchListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * Every placement record the coordinator commits to etcd ({@code placement/<intent>}), in revision order,
 * stamped with the lab's monotonic clock when the watch delivered it. Nothing is missed: the watch starts
 * at the revision read when recording starts.
 */
final class PlacementHistory implements AutoCloseable {

    private static final Codec<PlacementDecision> PLACEMENTS = Codec.of(PlacementDecision.getDefaultInstance());

    /**
     * One committed placement record.
     *
     * @param atNanos  when the watch delivered it, on the lab's monotonic clock
     * @param revision the etcd revision of the commit
     * @param decision the record
     */
    record Change(long atNanos, long revision, PlacementDecision decision) {

        boolean activeOn(String cluster) {
            return decision.getActiveClustersList().equals(List.of(cluster)) && decision.getFencedClustersCount() == 0;
        }

        boolean withdrawing(String cluster) {
            return decision.getActiveClustersCount() == 0 && decision.getFencedClustersList().contains(cluster);
        }

        @Override
        public String toString() {
            return "r" + revision + " epoch " + decision.getEpoch() + " active=" + decision.getActiveClustersList()
                    + " fenced=" + decision.getFencedClustersList() + " target=" + decision.getTargetCluster()
                    + " pinned=" + decision.getPinnedCluster();
        }
    }

    private final String prefix;
    private final LongSupplier monotonicNanos;
    private final List<Change> changes = new ArrayList<>();
    private final AtomicReference<Throwable> broken = new AtomicReference<>();
    private final Watch watch;

    PlacementHistory(Store store, Keys keys, LongSupplier monotonicNanos) throws Exception {
        this.prefix = keys.placements();
        this.monotonicNanos = monotonicNanos;
        long from = store.currentRevision().get(30, TimeUnit.SECONDS) + 1;
        this.watch = store.watch(prefix, from, new WatchListener() {
            @Override
            public void onEvents(List<WatchEvent> events) {
                record(events);
            }

            @Override
            public void onCompacted(long compactRevision) {
                broken.set(new IllegalStateException("placement watch compacted at r" + compactRevision));
            }

            @Override
            public void onError(Throwable error) {
                broken.set(error);
            }
        });
    }

    private void record(List<WatchEvent> events) {
        long at = monotonicNanos.getAsLong();
        synchronized (changes) {
            for (WatchEvent event : events) {
                if (event.type() == WatchEvent.Type.PUT) {
                    changes.add(new Change(at, event.revision(), PLACEMENTS.decode(event.kv()).value()));
                }
            }
        }
    }

    /** The records of {@code intent} so far, in commit order; fails when the watch broke (changes may be lost). */
    List<Change> of(String intent) {
        Throwable failure = broken.get();
        if (failure != null) {
            throw new IllegalStateException("the placement watch on " + prefix + " broke: " + failure, failure);
        }
        synchronized (changes) {
            return changes.stream().filter(c -> c.decision().getIntent().equals(intent)).toList();
        }
    }

    /** The newest record of {@code intent}. */
    Optional<Change> current(String intent) {
        List<Change> all = of(intent);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /** Whether the newest record of {@code intent} has it active on {@code cluster} alone. */
    boolean activeOn(String intent, String cluster) {
        return current(intent).map(c -> c.activeOn(cluster)).orElse(false);
    }

    @Override
    public void close() {
        watch.close();
    }
}
