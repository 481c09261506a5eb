package io.egressfed.agent.backend.kubevip;

import io.egressfed.agent.backend.EffectiveAssignment;
import io.egressfed.agent.backend.IpLiterals;
import io.egressfed.agent.backend.ObjectNames;
import io.egressfed.agent.backend.Ownership;
import io.egressfed.api.v1alpha1.ConfigAssignment;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the LoadBalancer Services through which kube-vip holds egress addresses.
 *
 * <p>Both kinds carry one placeholder port, because the API server refuses a LoadBalancer Service
 * without ports; port 9 (discard) forwards nothing anyone relies on, and node ports are not allocated.
 */
public final class KubeVipServices {

    /** Prefix of egress Service names (kube-vip backend). */
    public static final String EGRESS_PREFIX = "egressfed-";
    /** Prefix of VIP-holder Service names (cilium-vip backend). */
    public static final String VIP_PREFIX = "egressfed-vip-";
    /** The placeholder port. */
    public static final int PLACEHOLDER_PORT = 9;

    private KubeVipServices() {
    }

    /**
     * The egress Service name of an intent.
     *
     * @param intent the intent
     * @return a DNS label
     */
    public static String egressName(String intent) {
        return ObjectNames.forIntent(EGRESS_PREFIX, intent, ObjectNames.DNS_LABEL_MAX);
    }

    /**
     * The VIP-holder Service name of an intent.
     *
     * @param intent the intent
     * @return a DNS label
     */
    public static String vipName(String intent) {
        return ObjectNames.forIntent(VIP_PREFIX, intent, ObjectNames.DNS_LABEL_MAX);
    }

    /**
     * The kube-vip egress Service: {@code externalTrafficPolicy: Local} (kube-vip then announces the
     * VIP on the node of the one selected pod), selecting the workload in its namespace, with the
     * egress annotations from the destinations.
     *
     * @param assignment        the assignment
     * @param namespace         the workload's namespace
     * @param loadBalancerClass the class kube-vip serves, when it is configured to serve one only
     * @return the Service
     */
    public static Service egress(EffectiveAssignment assignment, String namespace, Optional<String> loadBalancerClass) {
        ConfigAssignment spec = assignment.spec();
        Map<String, String> annotations = Ownership.placementAnnotations(spec);
        annotations.put(KubeVipAnnotations.EGRESS, "true");
        annotations.put(KubeVipAnnotations.LOADBALANCER_IPS, spec.getEgressIp());
        if (IpLiterals.parse(spec.getEgressIp()).map(bytes -> bytes.length == 16).orElse(false)) {
            annotations.put(KubeVipAnnotations.EGRESS_IPV6, "true");
        }
        annotations.put(KubeVipAnnotations.EGRESS_ALLOWED_NETWORKS, String.join(",", spec.getDestinationCidrsList()));
        if (spec.getExceptCidrsCount() > 0) {
            annotations.put(KubeVipAnnotations.EGRESS_DENIED_NETWORKS, String.join(",", spec.getExceptCidrsList()));
        }
        if (spec.getDestinationPortsCount() > 0) {
            annotations.put(KubeVipAnnotations.EGRESS_DESTINATION_PORTS,
                    DestinationPorts.annotationValue(spec.getDestinationPortsList()));
        }
        return build(egressName(assignment.intent()), namespace, spec, annotations,
                spec.getWorkloads().getPodSelector().getMatchLabelsMap(), "Local", loadBalancerClass);
    }

    /**
     * The selector-less Service that only holds the VIP, so kube-vip elects a node and configures the
     * address there. {@code externalTrafficPolicy: Cluster}, because with Local kube-vip announces
     * only on nodes with a local endpoint, and this Service has none.
     *
     * @param assignment        the assignment
     * @param namespace         the agent's namespace
     * @param loadBalancerClass the class kube-vip serves, when it is configured to serve one only
     * @return the Service
     */
    public static Service vipHolder(EffectiveAssignment assignment, String namespace,
                                    Optional<String> loadBalancerClass) {
        Map<String, String> annotations = Ownership.placementAnnotations(assignment.spec());
        annotations.put(KubeVipAnnotations.LOADBALANCER_IPS, assignment.egressIp());
        return build(vipName(assignment.intent()), namespace, assignment.spec(), annotations, null, "Cluster",
                loadBalancerClass);
    }

    private static Service build(String name, String namespace, ConfigAssignment assignment,
                                 Map<String, String> annotations,
                                 Map<String, String> selector, String trafficPolicy,
                                 Optional<String> loadBalancerClass) {
        return new ServiceBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .withLabels(Ownership.labels(assignment))
                .withAnnotations(annotations)
                .endMetadata()
                .withNewSpec()
                .withType("LoadBalancer")
                .withExternalTrafficPolicy(trafficPolicy)
                .withSelector(selector == null ? null : Map.copyOf(selector))
                .withLoadBalancerClass(loadBalancerClass.orElse(null))
                .withAllocateLoadBalancerNodePorts(false)
                .withPorts(new ServicePortBuilder()
                        .withName("placeholder")
                        .withPort(PLACEHOLDER_PORT)
                        .withProtocol("TCP")
                        .withTargetPort(new IntOrString(PLACEHOLDER_PORT))
                        .build())
                .endSpec()
                .build();
    }
}
