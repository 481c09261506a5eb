package io.egressfed.agent.backend;

import io.egressfed.api.v1alpha1.Backend;
import java.util.EnumSet;
import java.util.Set;

/**
 * What the agent found in its cluster.
 *
 * @param ciliumPolicies whether the CiliumEgressGatewayPolicy CRD exists
 * @param ciliumNodes    whether the CiliumNode CRD exists
 * @param kubeVip        whether kube-vip runs (a DaemonSet or pod named {@code kube-vip*} in its namespace)
 */
public record DetectedBackends(boolean ciliumPolicies, boolean ciliumNodes, boolean kubeVip) {

    /**
     * The backends this cluster can run.
     *
     * @return cilium when both Cilium CRDs exist, kube-vip when kube-vip runs, cilium-vip when both do
     */
    public Set<Backend> backends() {
        Set<Backend> backends = EnumSet.noneOf(Backend.class);
        boolean cilium = ciliumPolicies && ciliumNodes;
        if (cilium) {
            backends.add(Backend.BACKEND_CILIUM);
        }
        if (kubeVip) {
            backends.add(Backend.BACKEND_KUBE_VIP);
        }
        if (cilium && kubeVip) {
            backends.add(Backend.BACKEND_CILIUM_VIP);
        }
        return backends;
    }
}
