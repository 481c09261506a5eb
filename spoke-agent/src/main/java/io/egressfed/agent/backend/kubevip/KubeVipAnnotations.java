package io.egressfed.agent.backend.kubevip;

/**
 * The kube-vip Service annotations the agent writes and reads, as kube-vip's documentation and source
 * spell them. Values that are lists are comma-separated without spaces.
 */
public final class KubeVipAnnotations {

    /** {@code "true"} turns the Service into an egress VIP: kube-vip SNATs its one endpoint to the VIP. */
    public static final String EGRESS = "kube-vip.io/egress";
    /** {@code "true"} when the egress address is IPv6. */
    public static final String EGRESS_IPV6 = "kube-vip.io/egress-ipv6";
    /** Destination networks egress applies to (CIDRs). */
    public static final String EGRESS_ALLOWED_NETWORKS = "kube-vip.io/egress-allowed-networks";
    /** Destination networks egress never applies to (CIDRs). */
    public static final String EGRESS_DENIED_NETWORKS = "kube-vip.io/egress-denied-networks";
    /** Destination ports egress applies to, each {@code protocol:port}, e.g. {@code tcp:443,udp:443}. */
    public static final String EGRESS_DESTINATION_PORTS = "kube-vip.io/egress-destination-ports";
    /** The address kube-vip announces for the Service. */
    public static final String LOADBALANCER_IPS = "kube-vip.io/loadbalancerIPs";
    /** Written by kube-vip: the node that holds the VIP. */
    public static final String VIP_HOST = "kube-vip.io/vipHost";
    /** Written by kube-vip: the pod whose egress is SNATed to the VIP. */
    public static final String ACTIVE_ENDPOINT = "kube-vip.io/active-endpoint";
    /** Written by kube-vip: the IPv6 pod whose egress is SNATed to the VIP. */
    public static final String ACTIVE_ENDPOINT_IPV6 = "kube-vip.io/active-endpoint-ipv6";

    private KubeVipAnnotations() {
    }
}
