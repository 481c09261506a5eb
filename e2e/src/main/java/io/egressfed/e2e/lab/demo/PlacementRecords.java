package io.egressfed.e2e.lab.demo;

import io.egressfed.api.v1alpha1.PlacementDecision;
import io.egressfed.hub.store.Codec;
import io.egressfed.hub.store.KeyValue;
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
 * The placement records of one intent ({@code placement/<intent>} in the hub's store) as the coordinator
 * commits them: the current one, then every later commit, each stamped with the lab's monotonic clock when
 * the watch delivered it. The watch starts right after the revision of the record read first, so no
 * commit between the two is missed.
 */
final class PlacementRecords implements AutoCloseable {

    /**
     * One committed placement record.
     *
     * @param atNanos  when the lab saw it, on its monotonic clock
     * @param revision the store revision of the commit
     * @param decision the record
     */
    record Change(long atNanos, long revision, PlacementDecision decision) {

        /** Whether the record has the intent active on {@code cluster} alone, nothing fenced. */
        boolean activeOn(String cluster) {
            return decision.getActiveClustersList().equals(List.of(cluster)) && decision.getFencedClustersCount() == 0;
        }

        /** {@code ACTIVE}, {@code WITHDRAWING} or {@code NONE}. */
        String state() {
            if (decision.getActiveClustersCount() > 0) {
                return "ACTIVE";
            }
            return decision.getFencedClustersCount() > 0 ? "WITHDRAWING" : "NONE";
        }

        /** The clusters the state is about, e.g. {@code eu-west-1} or {@code fenced eu-west-1 -> eu-north-1}. */
        String clusters() {
            if (decision.getActiveClustersCount() > 0) {
                return String.join(",", decision.getActiveClustersList());
            }
            return "fenced " + String.join(",", decision.getFencedClustersList())
                    + (decision.getTargetCluster().isEmpty() ? "" : " -> target " + decision.getTargetCluster());
        }
    }

    private static final Codec<PlacementDecision> PLACEMENTS = Codec.of(PlacementDecision.getDefaultInstance());
    private static final long READ_TIMEOUT_SECONDS = 10;

    private final String intent;
    private final LongSupplier clock;
    private final List<Change> changes = new ArrayList<>();
    private final AtomicReference<Throwable> broken = new AtomicReference<>();
    private final Watch watch;

    /**
     * Reads the current record of {@code intent} and starts watching for later ones.
     *
     * @throws IllegalStateException when the intent has no placement record yet
     */
    PlacementRecords(Store store, Keys keys, String intent, LongSupplier clock) throws Exception {
        this.intent = intent;
        this.clock = clock;
        String key = keys.placement(intent);
        KeyValue current = store.get(key).get(READ_TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .orElseThrow(() -> new IllegalStateException("no placement record " + key + " in the hub's store"));
        changes.add(new Change(clock.getAsLong(), current.modRevision(), PLACEMENTS.decode(current).value()));
        this.watch = store.watch(key, current.modRevision() + 1, new WatchListener() {
            @Override
            public void onEvents(List<WatchEvent> events) {
                record(events);
            }

            @Override
            public void onCompacted(long compactRevision) {
                broken.set(new IllegalStateException("the watch of " + key + " was compacted at r" + compactRevision));
            }

            @Override
            public void onError(Throwable error) {
                broken.set(error);
            }
        });
    }

    private void record(List<WatchEvent> events) {
        long at = clock.getAsLong();
        synchronized (changes) {
            for (WatchEvent event : events) {
                if (event.type() == WatchEvent.Type.PUT) {
                    changes.add(new Change(at, event.revision(), PLACEMENTS.decode(event.kv()).value()));
                }
            }
        }
    }

    /**
     * Every record seen so far, oldest first.
     *
     * @throws IllegalStateException when the watch broke, since records may then be missing
     */
    List<Change> all() {
        Throwable failure = broken.get();
        if (failure != null) {
            throw new IllegalStateException("lost the placement records of " + intent + ": " + failure, failure);
        }
        synchronized (changes) {
            return List.copyOf(changes);
        }
    }

    /** The newest record seen. */
    Change current() {
        List<Change> all = all();
        return all.get(all.size() - 1);
    }

    /** The newest record, once it has the intent active on {@code cluster} at an epoch above {@code epoch}. */
    Optional<Change> activeOnAfter(String cluster, long epoch) {
        Change newest = current();
        return newest.activeOn(cluster) && newest.decision().getEpoch() > epoch ? Optional.of(newest)
                : Optional.empty();
    }

    @Override
    public void close() {
        watch.close();
    }
}
