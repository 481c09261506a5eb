package io.egressfed.agent.apply;

import io.egressfed.agent.backend.Ownership;
import io.egressfed.agent.backend.cilium.CiliumResources;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What a test puts into the fabric8 CRUD mock: the Cilium CRDs, kube-vip, nodes with their CiliumNodes,
 * namespaces and pods; and what it reads back.
 */
public final class MockCluster {

    /** Held so the level sticks: the mock logs every request through java.util.logging at INFO. */
    private static final Logger MOCK_SERVER_LOG = quiet("io.fabric8.mockwebserver");

    private final KubernetesClient client;

    /**
     * Wraps a mock client.
     *
     * @param client the client of the CRUD mock
     */
    public MockCluster(KubernetesClient client) {
        this.client = client;
    }

    /** @return the client */
    public KubernetesClient client() {
        return client;
    }

    /** Creates the CiliumEgressGatewayPolicy and CiliumNode CRDs unless present. */
    public void installCilium() {
        crd(CiliumResources.POLICY_CRD, CiliumResources.POLICY_KIND, "ciliumegressgatewaypolicies");
        crd(CiliumResources.CILIUM_NODE_CRD, "CiliumNode", "ciliumnodes");
    }

    /**
     * Creates a kube-vip DaemonSet unless present.
     *
     * @param namespace where kube-vip runs
     */
    public void installKubeVip(String namespace) {
        namespace(namespace, Map.of());
        if (client.apps().daemonSets().inNamespace(namespace).withName("kube-vip-ds").get() == null) {
            client.apps().daemonSets().inNamespace(namespace).resource(new DaemonSetBuilder()
                    .withNewMetadata().withName("kube-vip-ds").withNamespace(namespace).endMetadata()
                    .withNewSpec().withNewSelector().addToMatchLabels("app", "kube-vip").endSelector()
                    .withNewTemplate().withNewMetadata().addToLabels("app", "kube-vip").endMetadata()
                    .withNewSpec().addNewContainer().withName("kube-vip").withImage("kube-vip").endContainer().endSpec()
                    .endTemplate().endSpec().build()).create();
        }
    }

    /**
     * Creates a Ready, schedulable node with a CiliumNode carrying its hostname label.
     *
     * @param name        the node name
     * @param labels      extra node labels (e.g. the gateway selector's)
     * @param egressIps   the addresses it lists in {@code egressfed.io/egress-ips} ("" for none)
     * @param ciliumNode  whether to create its CiliumNode
     */
    public void node(String name, Map<String, String> labels, String egressIps, boolean ciliumNode) {
        Map<String, String> all = new HashMap<>(labels);
        all.put(Ownership.HOSTNAME, name);
        Map<String, String> annotations = egressIps.isEmpty() ? Map.of() : Map.of(Ownership.EGRESS_IPS, egressIps);
        client.nodes().resource(new NodeBuilder()
                .withNewMetadata().withName(name).withLabels(all).withAnnotations(annotations).endMetadata()
                .withNewSpec().withUnschedulable(false).endSpec()
                .withNewStatus().addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus()
                .build()).create();
        if (ciliumNode) {
            ciliumNode(name);
        }
    }

    /**
     * Creates the CiliumNode of a node, labelled with its hostname as Cilium does.
     *
     * @param name the node name
     */
    public void ciliumNode(String name) {
        GenericKubernetesResource node = new GenericKubernetesResource();
        node.setApiVersion(CiliumResources.GROUP + "/" + CiliumResources.VERSION);
        node.setKind("CiliumNode");
        node.setMetadata(new ObjectMetaBuilder().withName(name).withLabels(Map.of(Ownership.HOSTNAME, name)).build());
        client.genericKubernetesResources(CiliumResources.CILIUM_NODES).resource(node).create();
    }

    /**
     * Sets a node's Ready condition.
     *
     * @param name  the node
     * @param ready True or False
     */
    public void setReady(String name, boolean ready) {
        client.nodes().withName(name).edit(node -> new NodeBuilder(node).editStatus()
                .withConditions(List.of(new NodeConditionBuilder()
                        .withType("Ready").withStatus(ready ? "True" : "False").build()))
                .endStatus().build());
    }

    /**
     * Cordons or uncordons a node.
     *
     * @param name     the node
     * @param cordoned whether it is unschedulable
     */
    public void setCordoned(String name, boolean cordoned) {
        client.nodes().withName(name).edit(node -> new NodeBuilder(node).editSpec().withUnschedulable(cordoned)
                .endSpec().build());
    }

    /**
     * Deletes a node.
     *
     * @param name the node
     */
    public void deleteNode(String name) {
        client.nodes().withName(name).delete();
    }

    /**
     * Changes a node's egress address annotation.
     *
     * @param name      the node
     * @param egressIps the new value
     */
    public void setEgressIps(String name, String egressIps) {
        client.nodes().withName(name).edit(node -> new NodeBuilder(node).editMetadata()
                .addToAnnotations(Ownership.EGRESS_IPS, egressIps).endMetadata().build());
    }

    /**
     * Creates a namespace unless present.
     *
     * @param name   the name
     * @param labels its labels
     */
    public void namespace(String name, Map<String, String> labels) {
        if (client.namespaces().withName(name).get() == null) {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).withLabels(labels)
                    .endMetadata().build()).create();
        }
    }

    /**
     * Creates a running pod.
     *
     * @param namespace its namespace
     * @param name      its name
     * @param labels    its labels
     */
    public void pod(String namespace, String name, Map<String, String> labels) {
        client.pods().inNamespace(namespace).resource(new PodBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).withLabels(labels).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("app").endContainer().endSpec()
                .withNewStatus().withPhase("Running").endStatus()
                .build()).create();
    }

    /**
     * Reads a policy from the API server.
     *
     * @param name the policy name
     * @return the policy, or null
     */
    public GenericKubernetesResource policy(String name) {
        return client.genericKubernetesResources(CiliumResources.POLICIES).withName(name).get();
    }

    /** @return every policy labelled as managed by egressfed */
    public List<GenericKubernetesResource> ownedPolicies() {
        return client.genericKubernetesResources(CiliumResources.POLICIES)
                .withLabel(Ownership.MANAGED_BY, Ownership.MANAGED_BY_VALUE).list().getItems();
    }

    /**
     * Reads a Service from the API server.
     *
     * @param namespace its namespace
     * @param name      its name
     * @return the Service, or null
     */
    public Service service(String namespace, String name) {
        return client.services().inNamespace(namespace).withName(name).get();
    }

    /** @return every Service labelled as managed by egressfed */
    public List<Service> ownedServices() {
        return client.services().inAnyNamespace()
                .withLabel(Ownership.MANAGED_BY, Ownership.MANAGED_BY_VALUE).list().getItems();
    }

    /**
     * Writes kube-vip's annotations onto a Service, as kube-vip would after electing a node.
     *
     * @param namespace      the Service's namespace
     * @param name           its name
     * @param vipHost        the node holding the VIP
     * @param activeEndpoint the pod SNATed ("" to leave unset)
     */
    public void announce(String namespace, String name, String vipHost, String activeEndpoint) {
        client.services().inNamespace(namespace).withName(name).edit(service -> {
            Map<String, String> annotations = new HashMap<>(service.getMetadata().getAnnotations());
            annotations.put("kube-vip.io/vipHost", vipHost);
            if (!activeEndpoint.isEmpty()) {
                annotations.put("kube-vip.io/active-endpoint", activeEndpoint);
            }
            service.getMetadata().setAnnotations(annotations);
            return service;
        });
    }

    private void crd(String name, String kind, String plural) {
        if (client.apiextensions().v1().customResourceDefinitions().withName(name).get() != null) {
            return;
        }
        client.apiextensions().v1().customResourceDefinitions().resource(new CustomResourceDefinitionBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withNewSpec()
                .withGroup(CiliumResources.GROUP)
                .withScope("Cluster")
                .withNewNames().withKind(kind).withPlural(plural).withSingular(kind.toLowerCase())
                .withListKind(kind + "List").endNames()
                .addNewVersion().withName(CiliumResources.VERSION).withServed(true).withStorage(true).endVersion()
                .endSpec()
                .build()).create();
    }

    /**
     * A node's labels as stored.
     *
     * @param name the node
     * @return the node
     */
    public Node node(String name) {
        return client.nodes().withName(name).get();
    }

    private static Logger quiet(String name) {
        Logger logger = Logger.getLogger(name);
        logger.setLevel(Level.WARNING);
        return logger;
    }
}
