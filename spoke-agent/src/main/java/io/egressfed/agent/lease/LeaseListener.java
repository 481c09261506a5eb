package io.egressfed.agent.lease;

/** Told when the lease of an (intent, epoch) starts or lapses. */
@FunctionalInterface
public interface LeaseListener {

    /**
     * A lease became live (a grant arrived while none was live) or lapsed (no renewal in time, or a grant
     * for a newer epoch of the intent ended it). Called on the thread that noticed; must not block.
     *
     * @param intent the intent name
     * @param epoch  the placement epoch
     * @param live   true when the lease starts, false when it lapsed
     */
    void leaseChanged(String intent, long epoch, boolean live);
}
