package io.egressfed.hub.store;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An atomic transaction: when every compare holds, all operations apply at one new revision;
 * otherwise nothing changes.
 *
 * <p>Both stores refuse, before touching anything, a transaction etcd would refuse
 * (see {@link #validate()}): more than {@value #MAX_OPS} compares or operations, a key written twice,
 * or more than {@value #MAX_PAYLOAD_BYTES} bytes of keys and values.
 *
 * @param compares conditions that must all hold
 * @param ops writes applied, in order, when they do
 */
public record Txn(List<Compare> compares, List<Op> ops) {

    /** etcd's default {@code --max-txn-ops}: the most compares, and the most operations, per transaction. */
    public static final int MAX_OPS = 128;

    /**
     * The most key and value bytes per transaction; etcd's default {@code --max-request-bytes} is
     * 1.5 MiB, this leaves room for the request's framing.
     */
    public static final int MAX_PAYLOAD_BYTES = 1_500_000;

    /**
     * Copies the lists.
     *
     * @throws NullPointerException when a list is (or contains) null
     */
    public Txn {
        compares = List.copyOf(Objects.requireNonNull(compares, "compares"));
        ops = List.copyOf(Objects.requireNonNull(ops, "ops"));
    }

    /**
     * An unconditional transaction.
     *
     * @param ops the writes
     * @return the transaction
     */
    public static Txn of(Op... ops) {
        return new Txn(List.of(), List.of(ops));
    }

    /**
     * Starts a conditional transaction: {@code Txn.when(Compare.absent(k)).then(Op.put(k, v)).build()}.
     *
     * @param compares conditions that must all hold
     * @return a builder holding the compares
     */
    public static Builder when(Compare... compares) {
        return new Builder().when(compares);
    }

    /**
     * An empty builder, for transactions assembled in a loop.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Checks the limits etcd enforces. Stores call this before doing anything.
     *
     * @throws InvalidTxnException naming the offending field and the limit
     */
    public void validate() {
        if (compares.size() > MAX_OPS) {
            throw new InvalidTxnException("txn.compares: " + compares.size()
                    + " compares exceed the limit of " + MAX_OPS + " per transaction (etcd --max-txn-ops)");
        }
        if (ops.size() > MAX_OPS) {
            throw new InvalidTxnException("txn.ops: " + ops.size()
                    + " operations exceed the limit of " + MAX_OPS + " per transaction (etcd --max-txn-ops);"
                    + " split the work into several transactions");
        }
        long payload = 0;
        for (Compare compare : compares) {
            payload += utf8Length(compare.key());
        }
        Map<String, Integer> putIndexByKey = new HashMap<>();
        for (int i = 0; i < ops.size(); i++) {
            Op op = ops.get(i);
            if (op instanceof Op.Put put) {
                payload += utf8Length(put.key()) + put.valueSize();
                Integer earlier = putIndexByKey.putIfAbsent(put.key(), i);
                if (earlier != null) {
                    throw new InvalidTxnException("txn.ops[" + i + "]: key '" + put.key()
                            + "' is already written by txn.ops[" + earlier + "]; a transaction may write a key once");
                }
            } else if (op instanceof Op.Delete delete) {
                payload += utf8Length(delete.key());
            } else if (op instanceof Op.DeletePrefix deletePrefix) {
                payload += utf8Length(deletePrefix.prefix());
            }
        }
        rejectPutsAlsoDeleted(putIndexByKey);
        if (payload > MAX_PAYLOAD_BYTES) {
            throw new InvalidTxnException("txn: " + payload + " bytes of keys and values exceed the limit of "
                    + MAX_PAYLOAD_BYTES + " per transaction (etcd --max-request-bytes)");
        }
    }

    private void rejectPutsAlsoDeleted(Map<String, Integer> putIndexByKey) {
        for (int i = 0; i < ops.size(); i++) {
            Op op = ops.get(i);
            for (Map.Entry<String, Integer> put : putIndexByKey.entrySet()) {
                boolean overlaps = op instanceof Op.Delete delete && delete.key().equals(put.getKey())
                        || op instanceof Op.DeletePrefix deletePrefix && put.getKey().startsWith(deletePrefix.prefix());
                if (overlaps) {
                    throw new InvalidTxnException("txn.ops[" + put.getValue() + "]: key '" + put.getKey()
                            + "' is also deleted by txn.ops[" + i + "]; a transaction may write a key once");
                }
            }
        }
    }

    private static long utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    /** Assembles a {@link Txn}. Not thread-safe. */
    public static final class Builder {
        private final List<Compare> compares = new ArrayList<>();
        private final List<Op> ops = new ArrayList<>();

        private Builder() {
        }

        /**
         * Adds conditions.
         *
         * @param more conditions that must all hold
         * @return this builder
         */
        public Builder when(Compare... more) {
            compares.addAll(Arrays.asList(more));
            return this;
        }

        /**
         * Adds conditions.
         *
         * @param more conditions that must all hold
         * @return this builder
         */
        public Builder when(List<Compare> more) {
            compares.addAll(more);
            return this;
        }

        /**
         * Adds writes applied when all conditions hold.
         *
         * @param more the writes
         * @return this builder
         */
        public Builder then(Op... more) {
            ops.addAll(Arrays.asList(more));
            return this;
        }

        /**
         * Adds writes applied when all conditions hold.
         *
         * @param more the writes
         * @return this builder
         */
        public Builder then(List<Op> more) {
            ops.addAll(more);
            return this;
        }

        /**
         * Builds the transaction (limits are checked on commit, see {@link Txn#validate()}).
         *
         * @return the transaction
         */
        public Txn build() {
            return new Txn(compares, ops);
        }
    }
}
