package io.egressfed.agent.apply;

import java.util.concurrent.CompletableFuture;

/**
 * Where the agent keeps the last applied config version, so that a restarted agent still refuses a
 * config older than what it already enforced (rollback protection).
 */
public interface AppliedVersionStore {

    /**
     * Reads the persisted version.
     *
     * @return completes with the version, 0 when none was ever persisted
     */
    CompletableFuture<Long> load();

    /**
     * Persists a version. The stored version never goes down: saving a lower version than the stored
     * one fails with {@link StaleVersionException} and changes nothing.
     *
     * @param version the applied version
     * @return completes when it is durable
     */
    CompletableFuture<Void> save(long version);
}
