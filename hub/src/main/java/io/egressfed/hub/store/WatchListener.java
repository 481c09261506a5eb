package io.egressfed.hub.store;

import java.util.List;

/**
 * Receives the changes of a {@link Store#watch(String, long, WatchListener) watch}.
 *
 * <p>Calls for one watch never overlap and arrive in revision order, on a store thread (not the
 * caller's). {@link #onCompacted(long)} and {@link #onError(Throwable)} are terminal: after either,
 * the watch is closed and nothing more is delivered; resume with a new watch from the last seen
 * revision + 1 (or re-list, after compaction). An exception thrown by a callback ends the watch
 * with {@link #onError(Throwable)}.
 */
public interface WatchListener {

    /**
     * Delivers changes: one or more whole revisions (a transaction's changes are never split), in order.
     *
     * @param events the changes, in revision order
     */
    void onEvents(List<WatchEvent> events);

    /**
     * The requested start revision is older than the store's compaction: changes were lost, the
     * consumer must re-list. Terminal.
     *
     * @param compactRevision the revision the store is compacted to
     */
    void onCompacted(long compactRevision);

    /**
     * The watch broke (connection lost, store closed, callback failed). Terminal; changes after the
     * last delivered revision may still be watched with a new watch.
     *
     * @param error the cause
     */
    void onError(Throwable error);
}
