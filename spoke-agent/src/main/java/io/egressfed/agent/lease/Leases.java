package io.egressfed.agent.lease;

/**
 * The leases the hub granted for ActivePassive assignments, as the applier consults them: an ACTIVE
 * ActivePassive assignment at epoch {@code e} may carry its address only while {@link #status} says
 * the lease for (intent, e) is live.
 */
public interface Leases {

    /**
     * The lease of one assignment now; only a grant for exactly this epoch counts.
     *
     * @param intent the intent name
     * @param epoch  the epoch of the assignment in the applied config
     * @return whether it is live, for how long, or why not
     */
    LeaseStatus status(String intent, long epoch);

    /**
     * Registers a listener for leases that start or lapse.
     *
     * @param listener the listener; called for every change after registration
     */
    void listen(LeaseListener listener);
}
