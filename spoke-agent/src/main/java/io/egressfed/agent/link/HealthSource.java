package io.egressfed.agent.link;

import io.egressfed.api.v1alpha1.HealthReport;

/** Supplies the cluster's egress health, sent to the hub with every heartbeat. */
@FunctionalInterface
public interface HealthSource {

    /**
     * Returns the current health. Called on the link's timer: answer from caches (informers), never
     * block on the API server. The link fills in {@code cluster}, {@code applied_version} and
     * {@code observed_at} when they are left unset.
     *
     * @return the current report
     */
    HealthReport currentReport();
}
