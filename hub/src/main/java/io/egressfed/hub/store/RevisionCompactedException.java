package io.egressfed.hub.store;

/**
 * The requested revision is no longer available because the store history was compacted up to
 * {@link #compactRevision()}.
 */
public class RevisionCompactedException extends StoreException {

    private static final long serialVersionUID = 1L;

    private final long compactRevision;

    /**
     * Creates the exception.
     *
     * @param requestedRevision the revision that was asked for
     * @param compactRevision the revision the history is compacted to
     */
    public RevisionCompactedException(long requestedRevision, long compactRevision) {
        super("revision " + requestedRevision + " has been compacted (store compacted at revision "
                + compactRevision + ")");
        this.compactRevision = compactRevision;
    }

    /**
     * The revision the store's history is compacted to.
     *
     * @return the compact revision
     */
    public long compactRevision() {
        return compactRevision;
    }
}
