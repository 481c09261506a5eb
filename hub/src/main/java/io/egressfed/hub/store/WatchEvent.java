package io.egressfed.hub.store;

import java.util.Objects;
import java.util.Optional;

/**
 * One change seen by a {@link Watch}.
 *
 * @param type put or delete
 * @param kv for a put, the new state of the key; for a delete, a tombstone carrying only the key
 *     and, as {@link KeyValue#modRevision()}, the revision of the deletion (empty value, create
 *     revision and version 0)
 * @param prevKv the key's state just before this change; empty when the put created the key
 */
public record WatchEvent(Type type, KeyValue kv, Optional<KeyValue> prevKv) {

    /** Kind of change. */
    public enum Type {
        /** The key was created or updated. */
        PUT,
        /** The key was deleted. */
        DELETE
    }

    /**
     * Validates.
     *
     * @throws NullPointerException when a component is null
     */
    public WatchEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(kv, "kv");
        Objects.requireNonNull(prevKv, "prevKv");
    }

    /**
     * The changed key.
     *
     * @return the key
     */
    public String key() {
        return kv.key();
    }

    /**
     * The revision of this change.
     *
     * @return the change's revision
     */
    public long revision() {
        return kv.modRevision();
    }
}
