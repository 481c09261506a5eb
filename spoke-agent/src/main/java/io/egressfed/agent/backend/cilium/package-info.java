/**
 * The {@code cilium} backend: one cluster-scoped {@code cilium.io/v2} CiliumEgressGatewayPolicy per
 * assignment, named {@code egressfed-<intent>}, addressed as a generic resource.
 *
 * <p>Assumptions and decisions:
 * <ul>
 *   <li>The gateway is selected by {@code kubernetes.io/hostname}, read from the node's CiliumNode:
 *       Cilium matches gateway selectors against CiliumNode labels and copies the Node's labels there.
 *       A node whose CiliumNode lacks the label is not a candidate.</li>
 *   <li>{@code egressIP} is always set and {@code interface} never (Cilium ignores a policy that has
 *       both), so the cluster's gateway {@code interface} setting is not written.</li>
 *   <li>"No gateway" (no healthy candidate, or FENCED) is a selector requiring
 *       {@code egressfed.io/no-gateway: <intent>}, a label egressfed never sets: no node matches, so
 *       Cilium drops the matching traffic instead of letting it leave with a node address. The
 *       {@code egressIP} stays.</li>
 *   <li>Workloads map to one {@code selectors[]} entry with {@code namespaceSelector} (left out when
 *       empty, i.e. every namespace) and {@code podSelector}; both accept matchLabels and
 *       matchExpressions as the schema allows.</li>
 *   <li>Destination ports cannot be expressed; such assignments are refused.</li>
 * </ul>
 */
package io.egressfed.agent.backend.cilium;
