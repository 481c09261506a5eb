/**
 * The {@code cilium-vip} backend: a floating egress address with the Cilium datapath. A selector-less
 * LoadBalancer Service {@code egressfed-vip-<intent>} in the agent's namespace makes kube-vip elect a
 * node and configure the address there ({@code externalTrafficPolicy: Cluster}, since the Service has
 * no endpoints); a CiliumEgressGatewayPolicy points at the node kube-vip names in
 * {@code kube-vip.io/vipHost} and follows it when it changes.
 */
package io.egressfed.agent.backend.ciliumvip;
