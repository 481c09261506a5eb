/**
 * The {@code kube-vip} backend: a LoadBalancer Service {@code egressfed-<intent>} in the workload's
 * namespace, {@code externalTrafficPolicy: Local}, selecting the workload's pod, with
 * {@code kube-vip.io/egress: "true"}, {@code kube-vip.io/loadbalancerIPs},
 * {@code kube-vip.io/egress-allowed-networks} and {@code -denied-networks} (comma-separated CIDRs),
 * {@code kube-vip.io/egress-destination-ports} ({@code tcp:P,udp:P} per port, single ports only) and
 * {@code kube-vip.io/egress-ipv6} for IPv6 addresses. kube-vip writes {@code kube-vip.io/vipHost} and
 * {@code kube-vip.io/active-endpoint} back; the health report shows them.
 *
 * <p>kube-vip SNATs one pod per Service, so an assignment is admitted only when its namespace selector
 * matches exactly one namespace and its pod selector (matchLabels only) exactly one running pod there,
 * checked when the config is applied; with {@code --managed-namespace} that namespace must be a managed one,
 * and Services and pods are only ever read and written in the managed namespaces. A FENCED assignment has no Service: the address is released.
 * Services carry one placeholder port (9/TCP, no node ports) because the API server requires a port.
 */
package io.egressfed.agent.backend.kubevip;
