package io.egressfed.hub.store;

import java.util.ArrayList;
import java.util.List;

/** Collects what a raw watch delivers, for assertions. */
final class RecordingWatchListener implements WatchListener {

    private final List<WatchEvent> events = new ArrayList<>();
    private final List<Integer> batchSizes = new ArrayList<>();
    private Long compactRevision;
    private Throwable error;

    @Override
    public synchronized void onEvents(List<WatchEvent> batch) {
        events.addAll(batch);
        batchSizes.add(batch.size());
    }

    @Override
    public synchronized void onCompacted(long revision) {
        compactRevision = revision;
    }

    @Override
    public synchronized void onError(Throwable failure) {
        error = failure;
    }

    synchronized List<WatchEvent> events() {
        return List.copyOf(events);
    }

    synchronized List<Integer> batchSizes() {
        return List.copyOf(batchSizes);
    }

    synchronized Long compactRevision() {
        return compactRevision;
    }

    synchronized Throwable error() {
        return error;
    }
}
