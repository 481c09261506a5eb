package io.egressfed.agent.election;

/** Told when this replica gains or loses the leadership. Called from the elector's threads. */
public interface LeadershipListener {

    /** This replica holds the Lease now and may write; called at most once. */
    void elected();

    /**
     * This replica no longer holds the Lease (it could not renew it in time, or another replica holds
     * it now); it must stop writing before returning. Called at most once, only after {@link #elected()},
     * and not when the election is closed on purpose.
     */
    void deposed();
}
