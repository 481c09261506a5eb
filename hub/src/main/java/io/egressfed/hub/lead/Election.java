package io.egressfed.hub.lead;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Elects one leader per election name among candidates that may run in different processes.
 * Implementations are thread-safe.
 */
public interface Election extends AutoCloseable {

    /**
     * Becomes the leader of {@code name}: completes as soon as this candidate holds the election key,
     * waiting (without polling) while another candidate holds it.
     *
     * @param name the election, e.g. {@code coordinator}
     * @param candidateId who campaigns (e.g. the hub replica's name); stored as the key's value
     * @return the leadership; fails with {@link io.egressfed.hub.store.StoreException} when the store
     *     cannot be reached or this candidate's lease ended while it waited, and with
     *     {@link IllegalStateException} once the election is closed
     */
    CompletableFuture<Leadership> campaign(String name, String candidateId);

    /**
     * Reads who currently leads {@code name}.
     *
     * @param name the election
     * @return the leader's candidate id, empty when nobody holds the key
     */
    CompletableFuture<Optional<String>> leader(String name);

    /**
     * Fails pending campaigns and resigns every leadership this election granted.
     */
    @Override
    void close();
}
