package io.egressfed.hub.store;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One key as stored, with etcd's MVCC metadata.
 *
 * <p>The value is copied on the way in and out, so a {@code KeyValue} is immutable. {@link #toString()}
 * shows the value's size only: values may hold secrets and must never reach a log.
 *
 * @param key the full key
 * @param value the stored bytes (a copy)
 * @param createRevision revision of the put that created this incarnation of the key (0 for a
 *     deletion tombstone in a {@link WatchEvent})
 * @param modRevision revision of the last change to the key (for a tombstone: of its deletion)
 * @param version number of puts since the key was (re)created, starting at 1 (0 for a tombstone)
 */
public record KeyValue(String key, byte[] value, long createRevision, long modRevision, long version) {

    /**
     * Validates and copies.
     *
     * @throws NullPointerException when key or value is null
     */
    public KeyValue {
        Objects.requireNonNull(key, "key");
        value = Objects.requireNonNull(value, "value").clone();
    }

    /**
     * Returns a copy of the stored bytes.
     *
     * @return the value
     */
    @Override
    public byte[] value() {
        return value.clone();
    }

    /**
     * Decodes the value as UTF-8 (for values that are text).
     *
     * @return the value as a string
     */
    public String valueUtf8() {
        return new String(value, StandardCharsets.UTF_8);
    }

    /**
     * Size of the value without copying it.
     *
     * @return the number of value bytes
     */
    public int valueSize() {
        return value.length;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof KeyValue that
                && key.equals(that.key)
                && Arrays.equals(value, that.value)
                && createRevision == that.createRevision
                && modRevision == that.modRevision
                && version == that.version;
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, Arrays.hashCode(value), createRevision, modRevision, version);
    }

    @Override
    public String toString() {
        return "KeyValue[key=" + key + ", valueBytes=" + value.length + ", createRevision=" + createRevision
                + ", modRevision=" + modRevision + ", version=" + version + "]";
    }
}
