package io.egressfed.agent.backend;

import java.util.Objects;

/**
 * What a backend observed about one assignment while planning it; the health report is built from it.
 *
 * @param gatewayNode    the node egress leaves through ("" when none)
 * @param gatewayReady   whether that node is Ready
 * @param vipHost        the node kube-vip announces the address on ("" when not a VIP backend or unknown)
 * @param activeEndpoint the pod kube-vip SNATs ("" when not kube-vip or unknown)
 * @param healthy        whether the assignment is in the state its role requires
 * @param reason         why it is not healthy, or what its fenced state is ("" when healthy and active)
 */
public record AssignmentStatus(String gatewayNode, boolean gatewayReady, String vipHost, String activeEndpoint,
                               boolean healthy, String reason) {

    /** Checks that no part is null. */
    public AssignmentStatus {
        Objects.requireNonNull(gatewayNode, "gatewayNode");
        Objects.requireNonNull(vipHost, "vipHost");
        Objects.requireNonNull(activeEndpoint, "activeEndpoint");
        Objects.requireNonNull(reason, "reason");
    }

    /**
     * An unhealthy status with no gateway.
     *
     * @param reason why
     * @return the status
     */
    public static AssignmentStatus unhealthy(String reason) {
        return new AssignmentStatus("", false, "", "", false, reason);
    }

    /**
     * A healthy status with no gateway, e.g. fenced as required.
     *
     * @param reason the state it is in
     * @return the status
     */
    public static AssignmentStatus healthyWithout(String reason) {
        return new AssignmentStatus("", false, "", "", true, reason);
    }
}
