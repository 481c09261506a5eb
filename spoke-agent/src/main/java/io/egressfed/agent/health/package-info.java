/**
 * Health reports for the hub: {@link io.egressfed.agent.health.HealthReporter} turns the applier's
 * state snapshot into a {@link io.egressfed.api.v1alpha1.HealthReport}, per assignment (backend objects
 * present, gateway node and readiness, kube-vip's VIP host and active endpoint, healthy, reason, role)
 * and for the cluster (agent version, detected backends, gateway inventory, applied version). The hub
 * link sends one with every heartbeat and, through {@link io.egressfed.agent.health.HealthReporter#onChange},
 * as soon as an assignment's health changed, so that a failed gateway does not wait for a heartbeat.
 */
package io.egressfed.agent.health;
