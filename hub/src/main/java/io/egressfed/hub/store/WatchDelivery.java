package io.egressfed.hub.store;

import com.google.common.util.concurrent.MoreExecutors;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer side of one watch, shared by both stores: queues callbacks on a sequential executor
 * so they never overlap and keep their order, and enforces the {@link WatchListener} contract (one
 * terminal callback at most, nothing after it or after {@link #close()}).
 */
final class WatchDelivery implements Watch {

    private static final Logger LOG = LoggerFactory.getLogger(WatchDelivery.class);

    private final String prefix;
    private final WatchListener listener;
    private final Executor serial;
    private final Runnable onEnd;
    // Set when no more callbacks may be queued (terminal queued, or closed).
    private final AtomicBoolean ended = new AtomicBoolean();
    // Set when no more callbacks may run (terminal delivered, or closed).
    private volatile boolean silenced;

    /**
     * @param prefix the watched prefix (for log lines)
     * @param listener the consumer
     * @param executor runs callbacks; a sequential view of it is used
     * @param onEnd releases the watch's resources; runs once, when the watch ends for any reason
     */
    WatchDelivery(String prefix, WatchListener listener, Executor executor, Runnable onEnd) {
        this.prefix = prefix;
        this.listener = listener;
        this.serial = MoreExecutors.newSequentialExecutor(executor);
        this.onEnd = onEnd;
    }

    /** Queues changes for delivery, unless the watch has ended. */
    void events(List<WatchEvent> events) {
        if (events.isEmpty() || ended.get()) {
            return;
        }
        enqueue(() -> {
            if (silenced) {
                return;
            }
            try {
                listener.onEvents(events);
            } catch (RuntimeException e) {
                LOG.warn("listener of the watch on {} failed at revision {}; ending the watch", prefix,
                        events.get(0).revision(), e);
                silenced = true;
                end();
                listener.onError(e);
            }
        });
    }

    /** Ends the watch with {@link WatchListener#onCompacted(long)} after what is already queued. */
    void compacted(long compactRevision) {
        terminate(() -> listener.onCompacted(compactRevision));
    }

    /** Ends the watch with {@link WatchListener#onError(Throwable)} after what is already queued. */
    void failed(Throwable error) {
        terminate(() -> listener.onError(error));
    }

    @Override
    public void close() {
        silenced = true;
        end();
    }

    @Override
    public boolean isClosed() {
        return ended.get();
    }

    private void terminate(Runnable callback) {
        if (!end()) {
            return;
        }
        enqueue(() -> {
            if (silenced) {
                return;
            }
            silenced = true;
            callback.run();
        });
    }

    private void enqueue(Runnable callback) {
        try {
            serial.execute(callback);
        } catch (RejectedExecutionException storeClosing) {
            // The store shuts its executor down only after closing every watch, so this watch is done.
            LOG.debug("dropped a callback of the watch on {}: the store is closing", prefix);
        }
    }

    private boolean end() {
        if (!ended.compareAndSet(false, true)) {
            return false;
        }
        onEnd.run();
        return true;
    }
}
