package io.egressfed.hub.store;

/**
 * A transaction that no store would accept (too many operations, a key written twice, too large).
 * Raised before anything is written; the message names the offending field.
 */
public class InvalidTxnException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the field path and the reason
     */
    public InvalidTxnException(String message) {
        super(message);
    }
}
