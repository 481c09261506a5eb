package io.egressfed.hub.store;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A key-value store with etcd's semantics: one global revision counter increased by every
 * transaction that changes something, per-key create/mod revisions and versions, atomic compare-and-set
 * transactions, and watches that replay history from a past revision until it is compacted.
 *
 * <p>Keys are UTF-8 strings ordered by code point (etcd's byte order); values are opaque bytes that
 * are never logged. Every I/O method returns a future (already complete for the in-memory store) that
 * fails with {@link StoreException} when the store cannot answer, with {@link InvalidTxnException}
 * for a transaction no store accepts, and with {@link IllegalStateException} once the store is
 * closed. Programming errors (null or empty keys and prefixes, negative revisions) throw at once.
 * Implementations: {@link EtcdStore} (production) and {@link InMemoryStore} ({@code --dev}, tests).
 */
public interface Store extends AutoCloseable {

    /**
     * Reads one key.
     *
     * @param key the full key
     * @return the key's current value, or empty when it does not exist
     */
    CompletableFuture<Optional<KeyValue>> get(String key);

    /**
     * Reads every key under a prefix as one consistent snapshot.
     *
     * @param prefix the prefix (e.g. {@code Keys#pools()}); must not be empty
     * @return the items sorted by key, and the revision they were read at
     */
    CompletableFuture<Listing> list(String prefix);

    /**
     * Reads the store's current revision (that of the last change).
     *
     * @return the current revision
     */
    CompletableFuture<Long> currentRevision();

    /**
     * Runs a transaction atomically: if every compare holds, applies all operations at one new revision.
     *
     * @param txn the transaction
     * @return whether it applied, at which revision, and on failure which compares did not hold;
     *     fails with {@link InvalidTxnException} (before anything is written) when the transaction
     *     breaks a limit (see {@link Txn#validate()})
     */
    CompletableFuture<TxnResult> commit(Txn txn);

    /**
     * Writes one key unconditionally.
     *
     * @param key the key
     * @param value the bytes
     * @return the revision of the write
     */
    default CompletableFuture<Long> put(String key, byte[] value) {
        return commit(Txn.of(Op.put(key, value))).thenApply(TxnResult::revision);
    }

    /**
     * Deletes one key unconditionally.
     *
     * @param key the key
     * @return the revision after the delete (unchanged when the key did not exist)
     */
    default CompletableFuture<Long> delete(String key) {
        return commit(Txn.of(Op.delete(key))).thenApply(TxnResult::revision);
    }

    /**
     * Watches every key under a prefix, starting at {@code fromRevision} (inclusive): past changes
     * still in history are replayed first, then live changes follow, with no gap and no duplicate.
     *
     * @param prefix the prefix; must not be empty
     * @param fromRevision first revision to deliver; 0 means "from whenever the backend registers the
     *     watch", which etcd does asynchronously: to miss nothing, pass a revision you read (e.g. a
     *     listing's revision + 1)
     * @param listener receives events, then at most one of {@code onCompacted} / {@code onError}
     * @return the handle that stops the watch
     * @throws IllegalArgumentException when the prefix is empty or the revision negative
     */
    Watch watch(String prefix, long fromRevision, WatchListener listener);

    /**
     * Discards history before {@code revision}: reads and watches from older revisions then fail
     * with {@link RevisionCompactedException} / {@link WatchListener#onCompacted(long)}. Current
     * values are kept.
     *
     * @param revision the new compaction point; at most the current revision
     * @return completes once compaction is done; fails with {@link RevisionCompactedException}
     *     when the store is already compacted at or past {@code revision}, and with
     *     {@link IllegalArgumentException} when {@code revision} is in the future
     */
    CompletableFuture<Void> compact(long revision);

    /**
     * Closes open watches (without terminal callbacks) and releases resources. Later calls fail.
     */
    @Override
    void close();
}
