package io.egressfed.hub.link;

/** Observes changes of the {@link LiveStatusRegistry}, e.g. the coordinator reacting to health. */
@FunctionalInterface
public interface LiveStatusListener {

    /**
     * Called after a cluster's live status changed. Runs on the thread that reported the change (a link
     * stream's), so it must return quickly and never block.
     *
     * @param previous the status before the change ({@link LiveStatus#unknown(String)} for a new cluster)
     * @param current the status after it
     */
    void onChange(LiveStatus previous, LiveStatus current);
}
