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
}
