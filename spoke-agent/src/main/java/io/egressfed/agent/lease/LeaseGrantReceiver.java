package io.egressfed.agent.lease;

import io.egressfed.api.v1alpha1.LeaseGrant;

/** Where the hub link hands every {@link LeaseGrant} the hub sends. */
@FunctionalInterface
public interface LeaseGrantReceiver {

    /**
     * Records a grant at the moment of the call (its receipt).
     *
     * @param grant the grant as received
     * @throws IllegalArgumentException naming the field, when the grant is malformed; nothing is recorded
     */
    void grant(LeaseGrant grant);
}
