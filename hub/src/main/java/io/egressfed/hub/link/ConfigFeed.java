package io.egressfed.hub.link;

import java.util.Optional;

/**
 * The latest signed config of every cluster, with change notifications per cluster. A link session
 * subscribes to the cluster of its authenticated agent only, so it cannot learn another cluster's config.
 */
public interface ConfigFeed {

    /**
     * Returns the cluster's current config.
     *
     * @param cluster the cluster name
     * @return the newest config known for it, or empty when none is stored
     */
    Optional<DesiredConfig> current(String cluster);

    /**
     * Registers a callback run after the cluster's config changed (written, replaced or deleted). The
     * callback should only schedule work: it runs on the feed's thread and must not block. Read
     * {@link #current(String)} to learn the new state; several changes may be reported once.
     *
     * @param cluster the cluster name
     * @param onChange the callback
     * @return the handle that stops the notifications
     */
    Subscription subscribe(String cluster, Runnable onChange);
}
