package io.egressfed.e2e.lab.dataplane;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Service;
import java.util.List;

/**
 * The objects of one cluster that decide which egress IPs it holds.
 *
 * @param nodes       Nodes
 * @param ciliumNodes CiliumNodes (whose labels Cilium matches gateway node selectors against)
 * @param policies    CiliumEgressGatewayPolicies
 * @param services    Services of every namespace
 */
public record ClusterObjects(List<Node> nodes, List<GenericKubernetesResource> ciliumNodes,
        List<GenericKubernetesResource> policies, List<Service> services) {

    /** Copies the lists. */
    public ClusterObjects {
        nodes = List.copyOf(nodes);
        ciliumNodes = List.copyOf(ciliumNodes);
        policies = List.copyOf(policies);
        services = List.copyOf(services);
    }
}
