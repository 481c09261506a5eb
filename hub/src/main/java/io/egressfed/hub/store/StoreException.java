package io.egressfed.hub.store;

/**
 * A store operation failed for a reason other than bad input (server unavailable, timeout,
 * corrupt data). Messages name keys and revisions, never values.
 */
public class StoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed
     * @param cause the underlying failure, may be null
     */
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Creates the exception.
     *
     * @param message what failed
     */
    public StoreException(String message) {
        super(message);
    }
}
