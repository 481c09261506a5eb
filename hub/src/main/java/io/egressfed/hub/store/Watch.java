package io.egressfed.hub.store;

/**
 * Handle of a running watch.
 */
public interface Watch extends AutoCloseable {

    /**
     * Stops the watch. No callback starts after this returns (one already running may finish).
     * Idempotent; no terminal callback is delivered for a close.
     */
    @Override
    void close();

    /**
     * Tells whether the watch has ended (closed, compacted or failed).
     *
     * @return true once no more events will be delivered
     */
    boolean isClosed();
}
