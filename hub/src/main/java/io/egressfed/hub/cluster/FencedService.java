package io.egressfed.hub.cluster;

import io.egressfed.hub.store.Compare;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/** Work that may run only while this replica leads, e.g. the coordinator. */
public interface FencedService extends AutoCloseable {

    /**
     * Starts the work.
     *
     * @return completes once it runs
     */
    CompletableFuture<Void> start();

    /** Stops the work; nothing is written after this returns. */
    @Override
    void close();

    /**
     * Builds the service for one leadership.
     */
    @FunctionalInterface
    interface Factory {
        /**
         * Creates the service for a leadership that just began.
         *
         * @param fencing the compares every write of the service must carry
         * @return the service, not started yet
         */
        FencedService create(Supplier<List<Compare>> fencing);
    }

    /**
     * Adapts any start/close pair.
     *
     * @param start starts the work
     * @param close stops it
     * @return the service
     */
    static FencedService of(Supplier<CompletableFuture<Void>> start, Runnable close) {
        return new FencedService() {
            @Override
            public CompletableFuture<Void> start() {
                return start.get();
            }

            @Override
            public void close() {
                close.run();
            }
        };
    }
}
