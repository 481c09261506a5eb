package io.egressfed.hub.link;

import io.egressfed.api.v1alpha1.LeasedAssignment;
import java.time.Duration;
import java.util.List;

/** An agent stream held by this replica, to which the {@link LeaseGranter} sends lease grants. */
interface LeaseHolder {

    /**
     * The cluster the stream is bound to.
     *
     * @return the cluster name
     */
    String cluster();

    /**
     * Sends a lease grant on the stream, stamped with the newest config version pushed on it.
     *
     * @param assignments the ActivePassive assignments (intent, epoch) the cluster may hold
     * @param leaseNanos how long, from the grant's computation, the lease lasts
     * @param computedAtNanos when it was computed ({@link System#nanoTime()}); time spent waiting for the
     *     transport is taken off the lease
     * @param failoverAfter how long after this grant the hub may activate another cluster for these
     *     assignments if the stream falls silent (the configured lease + margin, never shortened)
     */
    void grantLease(List<LeasedAssignment> assignments, long leaseNanos, long computedAtNanos, Duration failoverAfter);
}
