package io.egressfed.hub.validate;

import io.egressfed.api.v1alpha1.Backend;
import io.egressfed.api.v1alpha1.EgressIntentSpec;
import io.egressfed.api.v1alpha1.LabelSelector;
import java.util.ArrayList;
import java.util.List;

/**
 * What each backend cannot express, as far as the hub can tell from the manifests alone. Whether a
 * kube-vip selector really matches a single pod depends on the pods running in the cluster, so only
 * the agent can tell that; it reports it in the intent's status. Checked here:
 * <ul>
 *   <li>kube-vip selects pods through a Service selector, a plain label map: the pod selector must not
 *       be empty and must not use matchExpressions; kube-vip's egress port annotation takes single
 *       ports, not ranges;</li>
 *   <li>cilium and cilium-vip write a CiliumEgressGatewayPolicy, which has no destination ports.</li>
 * </ul>
 */
final class BackendLimits {

    /**
     * One part of an intent a backend cannot express.
     *
     * @param field  the intent field at fault
     * @param reason why the backend cannot express it
     */
    record Limit(String field, String reason) {
    }

    private BackendLimits() {
    }

    static List<Limit> of(EgressIntentSpec intent, Backend backend) {
        List<Limit> limits = new ArrayList<>();
        switch (backend) {
            case BACKEND_KUBE_VIP -> {
                LabelSelector pods = intent.getWorkloads().getPodSelector();
                if (pods.getMatchLabelsCount() == 0 && pods.getMatchExpressionsCount() == 0) {
                    limits.add(new Limit("spec.workloads.podSelector",
                            "kube-vip SNATs a single pod per Service, but an empty podSelector selects every pod"));
                }
                if (pods.getMatchExpressionsCount() > 0) {
                    limits.add(new Limit("spec.workloads.podSelector.matchExpressions",
                            "kube-vip selects pods with a Service selector, which holds matchLabels only"));
                }
                List<String> ports = intent.getDestinations().getPortsList();
                for (int i = 0; i < ports.size(); i++) {
                    if (ports.get(i).contains("-")) {
                        limits.add(new Limit("spec.destinations.ports[" + i + "]",
                                "kube-vip's egress-destination-ports annotation takes single ports, not a range"
                                        + " like " + ports.get(i) + "; list the ports one by one"));
                    }
                }
            }
            case BACKEND_CILIUM, BACKEND_CILIUM_VIP -> {
                if (intent.getDestinations().getPortsCount() > 0) {
                    limits.add(new Limit("spec.destinations.ports",
                            "a CiliumEgressGatewayPolicy cannot match destination ports; only kube-vip clusters can"));
                }
            }
            default -> {
                // An unset or unknown backend is refused by the cluster rules; it expresses nothing here.
            }
        }
        return limits;
    }
}
