package io.egressfed.agent.backend;

import java.util.Optional;

/** Told of every change the informers see. Called on informer threads: must only hand work over. */
@FunctionalInterface
public interface ClusterChangeListener {

    /**
     * Something changed in the cluster.
     *
     * @param owned the owned object that was added, changed or deleted; empty for nodes and CiliumNodes
     */
    void changed(Optional<ObjectKey> owned);
}
