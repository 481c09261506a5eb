package io.egressfed.agent.apply;

/** A version lower than the one already persisted was to be saved. */
public final class StaleVersionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param attempted the version that was to be saved
     * @param stored    the version already persisted
     */
    public StaleVersionException(long attempted, long stored) {
        super("version " + attempted + " is older than the persisted applied version " + stored);
    }
}
