package io.egressfed.hub.compile;

import io.egressfed.hub.store.Compare;
import java.util.List;
import java.util.Objects;

/**
 * What publishing one cluster's config did: {@link Published}, {@link Unchanged} or
 * {@link Conflict}. Immutable.
 */
public sealed interface PublishOutcome
        permits PublishOutcome.Published, PublishOutcome.Unchanged, PublishOutcome.Conflict {

    /**
     * The cluster concerned.
     *
     * @return the cluster name
     */
    String cluster();

    /** Why a new version was written. */
    enum Reason {
        /** The cluster had no config yet. */
        CREATED,
        /** The content differs from the stored config's. */
        CHANGED,
        /** The stored config is signed by a key other than the current one (a rotation). */
        RESIGNED,
        /** The stored config's validity was running out (see {@link PublisherOptions#refreshBefore()}). */
        REFRESHED,
        /**
         * The stored value could not be trusted: not an envelope, a signature that does not verify with
         * the hub's keys, another cluster's config, or a version that is not the latest publication.
         */
        REPAIRED
    }

    /** Why nothing was written. */
    enum ConflictCause {
        /** One of the caller's fencing compares failed (e.g. leadership was lost); not retried. */
        FENCED,
        /** The stored config changed between read and write on every attempt. */
        CONTENDED
    }

    /**
     * A new version was signed and written.
     *
     * @param cluster the cluster
     * @param version the new version
     * @param reason why it was written
     * @param revision the store revision of the write
     */
    record Published(String cluster, long version, Reason reason, long revision) implements PublishOutcome {
        /** Requires cluster and reason. */
        public Published {
            Objects.requireNonNull(cluster, "cluster");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * The stored config already has this content, is signed by the current key and is valid long
     * enough: no new version.
     *
     * @param cluster the cluster
     * @param version the stored version
     */
    record Unchanged(String cluster, long version) implements PublishOutcome {
        /** Requires a cluster. */
        public Unchanged {
            Objects.requireNonNull(cluster, "cluster");
        }
    }

    /**
     * Nothing was written.
     *
     * @param cluster the cluster
     * @param cause why
     * @param attempts how many transactions were tried
     * @param failedCompares the compares that did not hold on the last attempt
     */
    record Conflict(String cluster, ConflictCause cause, int attempts, List<Compare> failedCompares)
            implements PublishOutcome {
        /** Copies the list. */
        public Conflict {
            Objects.requireNonNull(cluster, "cluster");
            Objects.requireNonNull(cause, "cause");
            failedCompares = List.copyOf(failedCompares);
        }
    }
}
