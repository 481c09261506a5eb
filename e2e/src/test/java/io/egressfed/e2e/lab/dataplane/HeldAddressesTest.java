package io.egressfed.e2e.lab.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import io.egressfed.e2e.lab.cluster.SimulatedCluster;
import io.egressfed.e2e.lab.kubevip.KubeVipSimulator;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeldAddressesTest {

    private static final Map<String, Object> ON_NODE_0 = Map.of("matchLabels",
            Map.of("kubernetes.io/hostname", "node-0"));

    @Test
    void aPolicyHoldsItsIpWhenItSelectsAReadyNodeThatCarriesIt() {
        ClusterObjects objects = objects(List.of(node("node-0", true, "198.51.100.1,198.51.100.2")),
                List.of(policy("p", "198.51.100.2", ON_NODE_0, null)), List.of());

        assertThat(HeldAddresses.of(objects)).containsExactly("198.51.100.2");
    }

    @Test
    void aPolicyHoldsNothingOnANotReadyOrMissingNode() {
        assertThat(HeldAddresses.of(objects(List.of(node("node-0", false, "198.51.100.1")),
                List.of(policy("p", "198.51.100.1", ON_NODE_0, null)), List.of()))).isEmpty();
        assertThat(HeldAddresses.of(new ClusterObjects(List.of(), List.of(ciliumNode("node-0")),
                List.of(policy("p", "198.51.100.1", ON_NODE_0, null)), List.of()))).isEmpty();
    }

    @Test
    void aPolicyHoldsNothingWhenItsNodeDoesNotCarryTheIp() {
        assertThat(HeldAddresses.of(objects(List.of(node("node-0", true, "198.51.100.1")),
                List.of(policy("p", "198.51.100.9", ON_NODE_0, null)), List.of()))).isEmpty();
    }

    @Test
    void ciliumIgnoresAPolicyWithBothInterfaceAndEgressIp() {
        assertThat(HeldAddresses.of(objects(List.of(node("node-0", true, "198.51.100.1")),
                List.of(policy("p", "198.51.100.1", ON_NODE_0, "eth1")), List.of()))).isEmpty();
    }

    @Test
    void matchExpressionsOfTheNodeSelectorAreHonoured() {
        Map<String, Object> excluded = Map.of("matchExpressions", List.of(Map.of(
                "key", "kubernetes.io/hostname", "operator", "NotIn", "values", List.of("node-0"))));

        assertThat(HeldAddresses.of(objects(List.of(node("node-0", true, "198.51.100.1")),
                List.of(policy("p", "198.51.100.1", excluded, null)), List.of()))).isEmpty();
    }

    @Test
    void aKubeVipServiceHoldsItsAddressesWhileItsVipHostIsReady() {
        Service service = service("198.51.100.5", "node-0");

        assertThat(HeldAddresses.of(objects(List.of(node("node-0", true, null)), List.of(), List.of(service))))
                .containsExactly("198.51.100.5");
        assertThat(HeldAddresses.of(objects(List.of(node("node-0", false, null)), List.of(), List.of(service))))
                .isEmpty();
        assertThat(HeldAddresses.of(objects(List.of(node("node-0", true, null)), List.of(),
                List.of(service("198.51.100.5", null))))).isEmpty();
    }

    @Test
    void aCiliumVipPolicyUsesTheAddressKubeVipAnnouncedOnItsNode() {
        ClusterObjects objects = objects(List.of(node("node-0", true, null), node("node-1", true, null)),
                List.of(policy("p", "2001:db8:100:0::1", ON_NODE_0, null)),
                List.of(service("2001:db8:100::1", "node-0")));
        ClusterObjects pointingElsewhere = objects(List.of(node("node-0", true, null), node("node-1", true, null)),
                List.of(policy("p", "198.51.100.7", ON_NODE_0, null)),
                List.of(service("198.51.100.7", "node-1")));

        assertThat(HeldAddresses.of(objects)).containsExactly("2001:db8:100::1");
        assertThat(HeldAddresses.of(pointingElsewhere)).as("only the Service holds it, on node-1")
                .containsExactly("198.51.100.7");
        assertThat(HeldAddresses.of(objects(List.of(node("node-0", true, null), node("node-1", false, null)),
                List.of(policy("p", "198.51.100.7", ON_NODE_0, null)),
                List.of(service("198.51.100.7", "node-1"))))).isEmpty();
    }

    private static ClusterObjects objects(List<Node> nodes, List<GenericKubernetesResource> policies,
            List<Service> services) {
        return new ClusterObjects(nodes, nodes.stream().map(n -> ciliumNode(n.getMetadata().getName())).toList(),
                policies, services);
    }

    private static Node node(String name, boolean ready, String egressIps) {
        Map<String, String> annotations = egressIps == null ? Map.of()
                : Map.of(SimulatedCluster.EGRESS_IPS_ANNOTATION, egressIps);
        return new NodeBuilder().withNewMetadata().withName(name).withAnnotations(annotations).endMetadata()
                .withNewStatus().addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition()
                .endStatus().build();
    }

    private static GenericKubernetesResource ciliumNode(String name) {
        return new GenericKubernetesResourceBuilder().withApiVersion("cilium.io/v2").withKind("CiliumNode")
                .withNewMetadata().withName(name).withLabels(Map.of("kubernetes.io/hostname", name)).endMetadata()
                .build();
    }

    private static GenericKubernetesResource policy(String name, String ip, Map<String, Object> nodeSelector,
            String iface) {
        Map<String, Object> gateway = new HashMap<>();
        gateway.put("egressIP", ip);
        gateway.put("nodeSelector", nodeSelector);
        if (iface != null) {
            gateway.put("interface", iface);
        }
        return new GenericKubernetesResourceBuilder().withApiVersion("cilium.io/v2")
                .withKind("CiliumEgressGatewayPolicy").withNewMetadata().withName(name).endMetadata()
                .withAdditionalProperties(Map.of("spec", Map.of("egressGateway", gateway)))
                .build();
    }

    private static Service service(String ip, String vipHost) {
        Map<String, String> annotations = new HashMap<>(Map.of(KubeVipSimulator.LOADBALANCER_IPS, ip));
        if (vipHost != null) {
            annotations.put(KubeVipSimulator.VIP_HOST, vipHost);
        }
        return new ServiceBuilder().withNewMetadata().withName("vip").withNamespace("ns")
                .withAnnotations(annotations).endMetadata()
                .withNewSpec().withType("LoadBalancer").endSpec().build();
    }
}
