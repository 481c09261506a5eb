/**
 * Egress backends: what the agent writes for each assignment, and the cluster caches it plans from.
 *
 * <p>An {@link io.egressfed.agent.backend.EgressBackend} admits assignments when a config is applied
 * and turns them into {@link io.egressfed.agent.backend.AssignmentPlan}s (desired objects plus observed
 * status) from the {@link io.egressfed.agent.backend.ClusterView}, an informer cache
 * ({@link io.egressfed.agent.backend.InformerCache}). Implementations: {@code cilium},
 * {@code kubevip}, {@code ciliumvip}.
 *
 * <p>Ownership: everything written carries {@code app.kubernetes.io/managed-by: egressfed} and
 * {@code egressfed.io/intent}; see {@link io.egressfed.agent.backend.Ownership}. Gateway candidates
 * ({@link io.egressfed.agent.backend.GatewayNodes}) are the nodes matching the cluster's gateway
 * selector that are Ready, schedulable, have a CiliumNode (Cilium backends) and list the address in
 * their {@code egressfed.io/egress-ips} annotation (comma-separated; this list is also the inventory
 * reported to the hub for IPAM). The agent keeps an intent's gateway while it stays healthy, otherwise
 * picks by rendezvous hash of intent and node name: deterministic, spread over nodes, and losing one
 * node moves only its intents. Backend detection: the two Cilium CRDs, and a DaemonSet or pod named
 * {@code kube-vip*} in kube-vip's namespace.
 */
package io.egressfed.agent.backend;
