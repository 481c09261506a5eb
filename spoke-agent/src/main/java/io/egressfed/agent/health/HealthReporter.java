package io.egressfed.agent.health;

import io.egressfed.api.v1alpha1.HealthReport;
import java.util.concurrent.CompletableFuture;

/** Produces the health report the agent sends up the hub link. */
public interface HealthReporter {

    /**
     * Reports now: per assignment (backend objects present, gateway node and readiness, kube-vip's VIP
     * host and active endpoint, healthy, reason) and for the cluster (agent version, detected
     * backends, gateway inventory, applied version).
     *
     * @return completes with the report
     */
    CompletableFuture<HealthReport> report();

    /**
     * Asks to be told whenever what {@link #report()} says about an assignment has changed, so that the
     * hub can learn of a failed gateway at once instead of with the next heartbeat. A reporter that cannot
     * tell keeps this default, which never calls: its reports then go out with heartbeats only.
     *
     * @param changed called after each change, on the reporter's thread: it must not block; a
     *     {@link #report()} asked for afterwards reflects the change
     * @return ends the calls
     */
    default Subscription onChange(Runnable changed) {
        return () -> { };
    }

    /** Ends the calls of one {@link #onChange(Runnable)}. */
    @FunctionalInterface
    interface Subscription extends AutoCloseable {

        /** Stops the calls; idempotent. */
        @Override
        void close();
    }
}
