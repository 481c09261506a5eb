package io.egressfed.hub.store;

/**
 * The requested revision is no longer available because the store's history was compacted.
 */
public class RevisionCompactedException extends StoreException {

    private static final long serialVersionUID = 1L;

    private final long compactRevision;

    /**
     * Creates the exception.
     *
     * @param requestedRevision the revision that was asked for
     * @param compactRevision the revision the store is compacted to, or 0 when the store did not say
     *     (etcd does not, for a compaction request)
     */
    public RevisionCompactedException(long requestedRevision, long compactRevision) {
        super("revision " + requestedRevision + " has been compacted"
                + (compactRevision > 0 ? " (store compacted at revision " + compactRevision + ")" : ""));
        this.compactRevision = compactRevision;
    }

    /**
     * The revision the store's history is compacted to.
     *
     * @return the compact revision, or 0 when unknown
     */
    public long compactRevision() {
        return compactRevision;
    }
}
