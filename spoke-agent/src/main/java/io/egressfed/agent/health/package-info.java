/**
 * Health reports for the hub: {@link io.egressfed.agent.health.HealthReporter} turns the applier's
 * state snapshot into a {@link io.egressfed.api.v1alpha1.HealthReport}, per assignment (backend objects
 * present, gateway node and readiness, kube-vip's VIP host and active endpoint, healthy, reason, role)
 * and for the cluster (agent version, detected backends, gateway inventory, applied version).
 */
package io.egressfed.agent.health;
