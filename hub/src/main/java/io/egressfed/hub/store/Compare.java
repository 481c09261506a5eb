package io.egressfed.hub.store;

import java.util.Objects;
import java.util.Optional;

/**
 * A condition on one key's metadata that must hold for a {@link Txn} to apply its operations.
 * As in etcd, a missing key has create revision, mod revision and version 0.
 *
 * @param key the key to check
 * @param target which metadata field is compared
 * @param relation how the field is compared with {@code value}
 * @param value the right-hand side
 */
public record Compare(String key, Target target, Relation relation, long value) {

    /** The metadata field a compare reads. */
    public enum Target {
        /** {@link KeyValue#createRevision()}. */
        CREATE_REVISION,
        /** {@link KeyValue#modRevision()}. */
        MOD_REVISION,
        /** {@link KeyValue#version()}. */
        VERSION
    }

    /** The comparison applied as {@code field <relation> value}. */
    public enum Relation {
        /** field == value. */
        EQUAL,
        /** field != value. */
        NOT_EQUAL,
        /** field &gt; value. */
        GREATER,
        /** field &lt; value. */
        LESS
    }

    /**
     * Validates.
     *
     * @throws NullPointerException when a component is null
     * @throws IllegalArgumentException when the key is empty or the value negative
     */
    public Compare {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(relation, "relation");
        if (key.isEmpty()) {
            throw new IllegalArgumentException("compare key: must not be empty");
        }
        if (value < 0) {
            throw new IllegalArgumentException("compare value: must be >= 0, got " + value);
        }
    }

    /**
     * The key was last modified at exactly {@code revision} (optimistic concurrency: compare-and-swap).
     *
     * @param key the key
     * @param revision the mod revision the writer read
     * @return the compare
     */
    public static Compare modRevision(String key, long revision) {
        return new Compare(key, Target.MOD_REVISION, Relation.EQUAL, revision);
    }

    /**
     * The key's current incarnation was created at exactly {@code revision} (e.g. a leader's election
     * key, used as a fencing token).
     *
     * @param key the key
     * @param revision the expected create revision
     * @return the compare
     */
    public static Compare createRevision(String key, long revision) {
        return new Compare(key, Target.CREATE_REVISION, Relation.EQUAL, revision);
    }

    /**
     * The key has exactly {@code version} puts since it was created (0: absent).
     *
     * @param key the key
     * @param version the expected version
     * @return the compare
     */
    public static Compare version(String key, long version) {
        return new Compare(key, Target.VERSION, Relation.EQUAL, version);
    }

    /**
     * The key does not exist (create-if-absent).
     *
     * @param key the key
     * @return the compare
     */
    public static Compare absent(String key) {
        return new Compare(key, Target.CREATE_REVISION, Relation.EQUAL, 0);
    }

    /**
     * The key exists.
     *
     * @param key the key
     * @return the compare
     */
    public static Compare present(String key) {
        return new Compare(key, Target.CREATE_REVISION, Relation.GREATER, 0);
    }

    /**
     * Evaluates this compare against the key's current state.
     *
     * @param current the key's current value, empty when absent
     * @return whether the condition holds
     */
    public boolean holds(Optional<KeyValue> current) {
        long actual = current.map(kv -> switch (target) {
            case CREATE_REVISION -> kv.createRevision();
            case MOD_REVISION -> kv.modRevision();
            case VERSION -> kv.version();
        }).orElse(0L);
        return switch (relation) {
            case EQUAL -> actual == value;
            case NOT_EQUAL -> actual != value;
            case GREATER -> actual > value;
            case LESS -> actual < value;
        };
    }
}
