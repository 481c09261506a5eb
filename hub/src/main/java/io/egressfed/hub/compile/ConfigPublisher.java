package io.egressfed.hub.compile;

import io.egressfed.api.v1alpha1.ClusterConfig;
import io.egressfed.hub.store.Compare;
import java.util.List;
import java.util.SortedMap;
import java.util.concurrent.CompletableFuture;

/**
 * Signs compiled configs and writes them to {@code configs/<cluster>}, one new version per cluster
 * whose content changed (hub side of the signed config pipeline). Every write is one transaction
 * guarded by the stored key's modification revision and by the caller's fencing compares, so a
 * concurrent writer is detected and a deposed leader writes nothing.
 *
 * <p>Futures fail with {@link io.egressfed.hub.store.StoreException} when the store does; publishing
 * is idempotent, so the caller simply publishes again.
 */
public interface ConfigPublisher {

    /**
     * Publishes one cluster's config if its content differs from the stored one (or the stored one
     * needs re-issuing, see {@link PublishOutcome.Reason}): stamps version (stored + 1; when nothing
     * is stored, one above the last version of any deleted config of that cluster name, else 1),
     * issuedAt and expiresAt, signs, and writes.
     *
     * @param content the compiled config; its version and timestamps are ignored
     * @param fencing compares that must hold for the write, e.g. the coordinator's leadership; may be empty
     * @return published, unchanged, or conflict
     * @throws IllegalArgumentException when the config's cluster name cannot be a key
     */
    CompletableFuture<PublishOutcome> publish(ClusterConfig content, List<Compare> fencing);

    /**
     * Publishes several clusters' configs, each in its own transaction.
     *
     * @param contents configs keyed by cluster name, e.g. {@link CompileResult#configs()}
     * @param fencing compares that must hold for every write; may be empty
     * @return the outcome per cluster, sorted by cluster name
     * @throws IllegalArgumentException when a config is filed under another cluster's name
     */
    CompletableFuture<SortedMap<String, PublishOutcome>> publishAll(
            SortedMap<String, ClusterConfig> contents, List<Compare> fencing);

    /**
     * Deletes a cluster's config, when its MemberCluster is deleted, and in the same transaction
     * records its last version as the floor of that cluster name, so that a cluster created again
     * under the name never goes back to a version its agent already applied.
     *
     * @param cluster the cluster name
     * @param fencing compares that must hold for the delete; may be empty
     * @return what happened
     * @throws IllegalArgumentException when the cluster name cannot be a key
     */
    CompletableFuture<Deletion> delete(String cluster, List<Compare> fencing);

    /** Outcome of {@link #delete}. */
    enum Deletion {
        /** The config existed and was deleted. */
        DELETED,
        /** There was no config to delete. */
        ABSENT,
        /** A fencing compare failed; nothing was deleted. */
        FENCED,
        /** The config kept changing concurrently for every attempt; nothing was deleted. */
        CONTENDED
    }
}
