package io.egressfed.agent.backend.cilium;

import io.egressfed.agent.backend.EffectiveAssignment;
import io.egressfed.agent.backend.LabelSelectors;
import io.egressfed.agent.backend.ObjectNames;
import io.egressfed.agent.backend.Ownership;
import io.egressfed.api.v1alpha1.ConfigAssignment;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the CiliumEgressGatewayPolicy of an assignment.
 *
 * <p>Facts the shape follows: {@code egressIP} is always set and {@code interface} never (Cilium
 * ignores a policy that has both); the gateway is chosen by the CiliumNode's
 * {@code kubernetes.io/hostname} label, which Cilium copies from the Node (Cilium matches gateway
 * selectors against CiliumNode labels, not Node labels); and "no gateway" is a selector requiring
 * {@link Ownership#NO_GATEWAY}, a label egressfed never sets, so no node matches and Cilium drops the
 * matching traffic instead of letting it leave with a node's own address.
 */
public final class EgressGatewayPolicies {

    /** Prefix of policy names; the intent name follows. */
    public static final String NAME_PREFIX = "egressfed-";

    private EgressGatewayPolicies() {
    }

    /**
     * The policy name of an intent.
     *
     * @param intent the intent name
     * @return {@code egressfed-<intent>} (hash-suffixed beyond 253 characters)
     */
    public static String name(String intent) {
        return ObjectNames.forIntent(NAME_PREFIX, intent, ObjectNames.DNS_SUBDOMAIN_MAX);
    }

    /**
     * A policy whose gateway is the node with the given hostname label value.
     *
     * @param assignment the assignment
     * @param nodeName   the chosen node's name (recorded in {@link Ownership#GATEWAY_NODE})
     * @param hostname   its CiliumNode's hostname label value
     * @return the policy
     */
    public static GenericKubernetesResource through(EffectiveAssignment assignment, String nodeName, String hostname) {
        return build(assignment.spec(), Map.of(Ownership.HOSTNAME, hostname), nodeName);
    }

    /**
     * A policy that selects no gateway node, so matching traffic is dropped.
     *
     * @param assignment the assignment
     * @return the policy
     */
    public static GenericKubernetesResource withoutGateway(EffectiveAssignment assignment) {
        return build(assignment.spec(), Map.of(Ownership.NO_GATEWAY, assignment.intent()), "");
    }

    /**
     * The assignments a policy cannot express: destination ports, which CiliumEgressGatewayPolicy has
     * no field for.
     *
     * @param assignments the assignments
     * @return reasons by intent name
     */
    public static Map<String, String> inexpressible(List<EffectiveAssignment> assignments) {
        Map<String, String> refused = new LinkedHashMap<>();
        for (EffectiveAssignment assignment : assignments) {
            if (assignment.spec().getDestinationPortsCount() > 0) {
                refused.put(assignment.intent(), "a CiliumEgressGatewayPolicy cannot match destination ports "
                        + assignment.spec().getDestinationPortsList());
            }
        }
        return refused;
    }

    private static Map<String, String> annotations(ConfigAssignment assignment, String gatewayNode) {
        Map<String, String> annotations = Ownership.placementAnnotations(assignment);
        annotations.put(Ownership.GATEWAY_NODE, gatewayNode);
        return annotations;
    }

    private static GenericKubernetesResource build(ConfigAssignment assignment, Map<String, String> gatewayLabels,
                                                   String gatewayNode) {
        Map<String, Object> selector = new LinkedHashMap<>();
        if (!LabelSelectors.isEmpty(assignment.getWorkloads().getNamespaceSelector())) {
            selector.put("namespaceSelector", LabelSelectors.toJson(assignment.getWorkloads().getNamespaceSelector()));
        }
        selector.put("podSelector", LabelSelectors.toJson(assignment.getWorkloads().getPodSelector()));

        Map<String, Object> gateway = new LinkedHashMap<>();
        gateway.put("nodeSelector", Map.of("matchLabels", Map.copyOf(gatewayLabels)));
        gateway.put("egressIP", assignment.getEgressIp());

        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("selectors", List.of(selector));
        spec.put("destinationCIDRs", List.copyOf(assignment.getDestinationCidrsList()));
        if (assignment.getExceptCidrsCount() > 0) {
            spec.put("excludedCIDRs", List.copyOf(assignment.getExceptCidrsList()));
        }
        spec.put("egressGateway", gateway);

        GenericKubernetesResource policy = new GenericKubernetesResource();
        policy.setApiVersion(CiliumResources.GROUP + "/" + CiliumResources.VERSION);
        policy.setKind(CiliumResources.POLICY_KIND);
        policy.setMetadata(new ObjectMetaBuilder()
                .withName(name(assignment.getIntent()))
                .withLabels(Ownership.labels(assignment))
                .withAnnotations(annotations(assignment, gatewayNode))
                .build());
        policy.setAdditionalProperties(new LinkedHashMap<>(Map.of("spec", spec)));
        return policy;
    }
}
