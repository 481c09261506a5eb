package io.egressfed.hub.store;

import java.util.List;

/**
 * Consumer of a {@link ResyncingWatcher}: keeps a local copy of a prefix. Calls never overlap and
 * arrive in revision order. A callback that throws makes the watcher re-list.
 */
public interface ResyncListener {

    /** Why a full snapshot is delivered. */
    enum SnapshotReason {
        /** First listing after {@link ResyncingWatcher#start()}. */
        INITIAL,
        /** Changes were compacted away before they could be watched: the local copy may be stale. */
        COMPACTED,
        /** A previous callback threw: the local copy may be inconsistent. */
        LISTENER_FAILED
    }

    /**
     * Replaces the whole local copy of the prefix with {@code snapshot}.
     *
     * @param snapshot every key under the prefix, and the revision it was read at
     * @param reason why a snapshot (rather than events) is delivered
     */
    void onSnapshot(Listing snapshot, SnapshotReason reason);

    /**
     * Applies changes that followed the last snapshot or events.
     *
     * @param events whole revisions of changes, in order
     */
    void onEvents(List<WatchEvent> events);
}
