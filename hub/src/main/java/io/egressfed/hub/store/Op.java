package io.egressfed.hub.store;

import java.util.Arrays;
import java.util.Objects;

/**
 * A write inside a {@link Txn}.
 */
public sealed interface Op permits Op.Put, Op.Delete, Op.DeletePrefix {

    /**
     * Writes {@code value} under {@code key}, creating the key or adding a version to it.
     *
     * @param key the key
     * @param value the bytes to store (copied)
     * @return the operation
     */
    static Put put(String key, byte[] value) {
        return new Put(key, value);
    }

    /**
     * Deletes {@code key}; nothing happens when it does not exist.
     *
     * @param key the key
     * @return the operation
     */
    static Delete delete(String key) {
        return new Delete(key);
    }

    /**
     * Deletes every key starting with {@code prefix}.
     *
     * @param prefix a non-empty prefix
     * @return the operation
     */
    static DeletePrefix deletePrefix(String prefix) {
        return new DeletePrefix(prefix);
    }

    /**
     * Put. {@link #toString()} omits the value.
     *
     * @param key the key
     * @param value the bytes (copied in and out)
     */
    record Put(String key, byte[] value) implements Op {

        /**
         * Validates and copies.
         *
         * @throws IllegalArgumentException when the key is empty
         */
        public Put {
            requireKey(key, "put key");
            value = Objects.requireNonNull(value, "put value").clone();
        }

        /**
         * Returns a copy of the bytes.
         *
         * @return the value
         */
        @Override
        public byte[] value() {
            return value.clone();
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
            return other instanceof Put that && key.equals(that.key) && Arrays.equals(value, that.value);
        }

        @Override
        public int hashCode() {
            return 31 * key.hashCode() + Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "Put[key=" + key + ", valueBytes=" + value.length + "]";
        }
    }

    /**
     * Delete of one key.
     *
     * @param key the key
     */
    record Delete(String key) implements Op {

        /**
         * Validates.
         *
         * @throws IllegalArgumentException when the key is empty
         */
        public Delete {
            requireKey(key, "delete key");
        }
    }

    /**
     * Delete of every key under a prefix.
     *
     * @param prefix the prefix
     */
    record DeletePrefix(String prefix) implements Op {

        /**
         * Validates; an empty prefix (the whole keyspace) is refused.
         *
         * @throws IllegalArgumentException when the prefix is empty
         */
        public DeletePrefix {
            requireKey(prefix, "delete prefix");
        }
    }

    private static void requireKey(String key, String field) {
        Objects.requireNonNull(key, field);
        if (key.isEmpty()) {
            throw new IllegalArgumentException(field + ": must not be empty");
        }
    }
}
