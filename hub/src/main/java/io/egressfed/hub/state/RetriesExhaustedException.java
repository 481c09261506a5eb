package io.egressfed.hub.state;

/**
 * Concurrent writers kept changing what a write depends on, and the bounded internal retries ran out
 * (HTTP 503: the caller may retry later). Nothing was written by the failed attempts.
 */
public final class RetriesExhaustedException extends StateException {

    private static final long serialVersionUID = 1L;

    private final int attempts;

    /**
     * Creates the exception.
     *
     * @param kind the resource kind
     * @param name the resource name
     * @param attempts how many attempts were made
     * @param lastConflict the compares that failed last, for the message (keys only, never values)
     */
    public RetriesExhaustedException(String kind, String name, int attempts, String lastConflict) {
        super(kind, name, "gave up writing " + describe(kind, name) + " after " + attempts
                + " attempts: concurrent writers kept changing " + lastConflict);
        this.attempts = attempts;
    }

    /**
     * The number of attempts made.
     *
     * @return the attempts
     */
    public int attempts() {
        return attempts;
    }
}
