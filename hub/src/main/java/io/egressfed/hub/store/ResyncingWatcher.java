package io.egressfed.hub.store;

import io.egressfed.hub.store.ResyncListener.SnapshotReason;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a consumer in step with a prefix across compactions and lost connections.
 *
 * <p>It lists the prefix, hands the consumer the snapshot, then watches from the listing's revision
 * + 1. When a watch breaks it opens a new one from the last delivered revision + 1 (no re-list), after
 * a back-off. When the changes it needs were compacted away, it re-lists and hands the consumer a
 * fresh snapshot ({@link SnapshotReason#COMPACTED}), logs a warning and increments
 * {@code egressfed_store_watch_relists_total{prefix}}. A consumer that was down can resume with
 * {@link #resumeFrom(long)} from the revision it had reached.
 *
 * <p>Thread-safe. Consumer callbacks never overlap.
 */
public final class ResyncingWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ResyncingWatcher.class);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final Store store;
    private final String prefix;
    private final ResyncListener listener;
    private final StoreMetrics metrics;
    private final ScheduledExecutorService scheduler;
    private final CompletableFuture<Void> firstSnapshot = new CompletableFuture<>();
    private final Object lock = new Object();

    // Guarded by lock. A new generation starts with every list or watch attempt; callbacks of an
    // older generation are ignored, so a superseded watch can never reach the consumer.
    private long generation;
    private Watch currentWatch;
    private boolean started;
    private boolean closed;
    private long backoffMillis = FIRST_BACKOFF.toMillis();

    private volatile long lastSeenRevision;

    /**
     * Creates a watcher; nothing happens until {@link #start()} or {@link #resumeFrom(long)}.
     *
     * @param store the store to watch
     * @param prefix the prefix to follow
     * @param listener the consumer
     * @param metrics where re-lists are counted
     * @param scheduler runs the back-off before retries (owned by the caller)
     */
    public ResyncingWatcher(Store store, String prefix, ResyncListener listener, StoreMetrics metrics,
                            ScheduledExecutorService scheduler) {
        this.store = Objects.requireNonNull(store, "store");
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        if (prefix.isEmpty()) {
            throw new IllegalArgumentException("prefix: must not be empty");
        }
    }

    /**
     * Lists the prefix, delivers the snapshot ({@link SnapshotReason#INITIAL}) and follows changes.
     * A failed listing is retried with back-off.
     *
     * @return completes once the consumer has received its first snapshot
     * @throws IllegalStateException when already started or closed
     */
    public CompletableFuture<Void> start() {
        markStarted();
        relist(SnapshotReason.INITIAL, 0);
        return firstSnapshot.copy();
    }

    /**
     * Follows changes after {@code lastSeenRevision}, for a consumer that already holds the prefix's
     * state as of that revision (e.g. from an earlier watcher's {@link #lastSeenRevision()}). If those
     * changes were compacted away the consumer gets a {@link SnapshotReason#COMPACTED} snapshot first.
     *
     * @param lastSeenRevision the revision the consumer's state reflects
     * @throws IllegalStateException when already started or closed
     * @throws IllegalArgumentException when the revision is not positive
     */
    public void resumeFrom(long lastSeenRevision) {
        if (lastSeenRevision < 1) {
            throw new IllegalArgumentException("lastSeenRevision: must be >= 1, got " + lastSeenRevision);
        }
        markStarted();
        this.lastSeenRevision = lastSeenRevision;
        openWatch();
    }

    /**
     * The revision the consumer's state reflects: that of the last snapshot or event delivered.
     *
     * @return the last delivered revision, 0 before the first delivery
     */
    public long lastSeenRevision() {
        return lastSeenRevision;
    }

    /**
     * The followed prefix.
     *
     * @return the prefix
     */
    public String prefix() {
        return prefix;
    }

    /**
     * Stops following; no consumer callback starts after this returns. Idempotent.
     */
    @Override
    public void close() {
        Watch watch;
        synchronized (lock) {
            closed = true;
            generation++;
            watch = currentWatch;
            currentWatch = null;
        }
        if (watch != null) {
            watch.close();
        }
    }

    private void markStarted() {
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("watcher of " + prefix + " is closed");
            }
            if (started) {
                throw new IllegalStateException("watcher of " + prefix + " is already started");
            }
            started = true;
        }
    }

    /** Starts a new generation, closing the previous watch; returns -1 when closed. */
    private long nextGeneration() {
        Watch previous;
        long current;
        synchronized (lock) {
            if (closed) {
                return -1;
            }
            current = ++generation;
            previous = currentWatch;
            currentWatch = null;
        }
        if (previous != null) {
            previous.close();
        }
        return current;
    }

    private boolean isCurrent(long gen) {
        synchronized (lock) {
            return !closed && generation == gen;
        }
    }

    private void relist(SnapshotReason reason, long compactRevision) {
        long gen = nextGeneration();
        if (gen < 0) {
            return;
        }
        store.list(prefix).whenComplete((listing, error) -> {
            if (!isCurrent(gen)) {
                return;
            }
            if (error != null) {
                Throwable cause = error instanceof CompletionException && error.getCause() != null
                        ? error.getCause() : error;
                if (cause instanceof IllegalStateException) {
                    LOG.warn("cannot list {}: {}; the watcher stops", prefix, cause.getMessage());
                    return;
                }
                long delay = nextBackoff();
                LOG.warn("listing {} failed ({}); retrying in {} ms", prefix, error.toString(), delay);
                scheduleIfCurrent(gen, delay, () -> relist(reason, compactRevision));
                return;
            }
            deliverSnapshot(gen, listing, reason, compactRevision);
        });
    }

    private void deliverSnapshot(long gen, Listing listing, SnapshotReason reason, long compactRevision) {
        try {
            listener.onSnapshot(listing, reason);
        } catch (RuntimeException e) {
            LOG.error("consumer of {} failed on a snapshot at revision {}; re-listing in {} ms",
                    prefix, listing.revision(), relistLater(), e);
            return;
        }
        lastSeenRevision = listing.revision();
        resetBackoff();
        switch (reason) {
            case INITIAL -> firstSnapshot.complete(null);
            case COMPACTED -> {
                metrics.recordRelist(prefix);
                LOG.warn("watch of {} fell behind compaction at revision {}; re-listed {} keys at revision {}",
                        prefix, compactRevision, listing.items().size(), listing.revision());
            }
            case LISTENER_FAILED -> {
                metrics.recordRelist(prefix);
                LOG.warn("re-listed {} keys of {} at revision {} after a consumer failure",
                        listing.items().size(), prefix, listing.revision());
            }
        }
        openWatch();
    }

    /**
     * After a consumer failure: drops the current watch at once and re-lists after a back-off.
     *
     * @return the back-off in milliseconds
     */
    private long relistLater() {
        long delay = nextBackoff();
        long gen = nextGeneration();
        if (gen >= 0) {
            scheduleIfCurrent(gen, delay, () -> relist(SnapshotReason.LISTENER_FAILED, 0));
        }
        return delay;
    }

    private void openWatch() {
        long gen = nextGeneration();
        if (gen < 0) {
            return;
        }
        Watch watch;
        try {
            watch = store.watch(prefix, lastSeenRevision + 1, new GenerationListener(gen));
        } catch (IllegalStateException storeClosed) {
            LOG.warn("cannot watch {}: {}; the watcher stops", prefix, storeClosed.getMessage());
            return;
        } catch (RuntimeException e) {
            long delay = nextBackoff();
            LOG.warn("cannot watch {} ({}); retrying in {} ms", prefix, e.toString(), delay);
            scheduleIfCurrent(gen, delay, this::openWatch);
            return;
        }
        boolean keep;
        synchronized (lock) {
            keep = !closed && generation == gen;
            if (keep) {
                currentWatch = watch;
            }
        }
        if (!keep) {
            watch.close();
        }
    }

    private void scheduleIfCurrent(long gen, long delayMillis, Runnable action) {
        try {
            scheduler.schedule(() -> {
                if (isCurrent(gen)) {
                    action.run();
                }
            }, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException shutDown) {
            LOG.warn("scheduler is shut down; the watcher of {} stops retrying", prefix);
        }
    }

    private long nextBackoff() {
        synchronized (lock) {
            long delay = backoffMillis;
            backoffMillis = Math.min(backoffMillis * 2, MAX_BACKOFF.toMillis());
            return delay;
        }
    }

    private void resetBackoff() {
        synchronized (lock) {
            backoffMillis = FIRST_BACKOFF.toMillis();
        }
    }

    /** Receives one watch's callbacks and drops them once the watch is superseded. */
    private final class GenerationListener implements WatchListener {
        private final long gen;

        GenerationListener(long gen) {
            this.gen = gen;
        }

        @Override
        public void onEvents(List<WatchEvent> events) {
            if (events.isEmpty() || !isCurrent(gen)) {
                return;
            }
            long revision = events.get(events.size() - 1).revision();
            try {
                listener.onEvents(events);
            } catch (RuntimeException e) {
                LOG.error("consumer of {} failed on events up to revision {}; re-listing in {} ms",
                        prefix, revision, relistLater(), e);
                return;
            }
            lastSeenRevision = revision;
            resetBackoff();
        }

        @Override
        public void onCompacted(long compactRevision) {
            if (isCurrent(gen)) {
                relist(SnapshotReason.COMPACTED, compactRevision);
            }
        }

        @Override
        public void onError(Throwable error) {
            if (!isCurrent(gen)) {
                return;
            }
            long delay = nextBackoff();
            LOG.warn("watch of {} broke after revision {} ({}); resuming in {} ms", prefix, lastSeenRevision,
                    error.toString(), delay);
            scheduleIfCurrent(gen, delay, ResyncingWatcher.this::openWatch);
        }
    }
}
