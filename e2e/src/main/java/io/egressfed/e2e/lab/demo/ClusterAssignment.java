package io.egressfed.e2e.lab.demo;

/**
 * One assignment as a cluster's agent enforces it.
 *
 * @param cluster        the cluster
 * @param intent         the intent
 * @param ip             the egress IP
 * @param role           {@code Active}, {@code Fenced} or {@code Standby}
 * @param gatewayNode    the node egress leaves through ("" when none)
 * @param vipHost        where kube-vip announces the IP ("" when not a VIP backend)
 * @param activeEndpoint the pod kube-vip SNATs ("" when not kube-vip)
 * @param healthy        whether the agent sees the assignment in the state its role requires
 * @param reason         why not, or what its fenced state is
 */
public record ClusterAssignment(String cluster, String intent, String ip, String role, String gatewayNode,
        String vipHost, String activeEndpoint, boolean healthy, String reason) {

    /** True for the role that carries the IP. */
    public boolean active() {
        return "Active".equals(role);
    }
}
