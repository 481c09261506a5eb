package io.egressfed.e2e.lab.cluster;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A simulated Kubernetes cluster: the fabric8 mock API server in CRUD mode on loopback, seeded with the
 * Cilium CRDs, Ready nodes with their CiliumNodes, and namespaces with running pods. No controller runs
 * in it: kube-vip and node failures are simulated by {@code KubeVipSimulator} and
 * {@link GatewayNodeSimulator}.
 *
 * <p>The mock accepts what a real API server accepts except server-side apply and strategic merge
 * patch, and it neither defaults fields nor runs admission.
 */
public final class SimulatedCluster implements AutoCloseable {

    /**
     * Node annotation listing (comma-separated) the egress addresses configured on the node. Cilium can
     * only use an egress IP that the gateway node already carries; the agent reports this inventory.
     */
    public static final String EGRESS_IPS_ANNOTATION = "egressfed.io/egress-ips";

    /** The well-known hostname label; Cilium copies node labels onto the CiliumNode. */
    public static final String HOSTNAME_LABEL = "kubernetes.io/hostname";

    /** Created in every simulated cluster (kube-vip conventionally runs there). */
    public static final String SYSTEM_NAMESPACE = "kube-system";

    private final ClusterSeed seed;
    private final KubernetesMockServer server;
    private final NamespacedKubernetesClient client;
    /**
     * The mock server logs every request at INFO through java.util.logging. Held here because
     * java.util.logging keeps loggers weakly: a level set on an unreferenced logger can be forgotten.
     */
    private final Logger mockServerLog;

    private SimulatedCluster(ClusterSeed seed, KubernetesMockServer server, NamespacedKubernetesClient client,
            Logger mockServerLog) {
        this.seed = seed;
        this.server = server;
        this.client = client;
        this.mockServerLog = mockServerLog;
    }

    /**
     * Starts the API server on a free loopback port and seeds it; returns once every seed object exists.
     */
    public static SimulatedCluster start(ClusterSeed seed) {
        Logger mockServerLog = Logger.getLogger(MockWebServer.class.getName());
        mockServerLog.setLevel(Level.WARNING);
        Map<ServerRequest, Queue<ServerResponse>> noExpectations = new HashMap<>();
        KubernetesMockServer server = new KubernetesMockServer(new Context(Serialization.jsonMapper()),
                new MockWebServer(), noExpectations, new KubernetesMixedDispatcher(noExpectations), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        NamespacedKubernetesClient client = server.createClient();
        SimulatedCluster cluster = new SimulatedCluster(seed, server, client, mockServerLog);
        try {
            cluster.createSeedObjects();
        } catch (RuntimeException failure) {
            cluster.close();
            throw failure;
        }
        return cluster;
    }

    /** The cluster's name. */
    public String name() {
        return seed.cluster();
    }

    /** What the cluster was seeded with. */
    public ClusterSeed seed() {
        return seed;
    }

    /** A client of this cluster's API server; closed with the cluster. */
    public KubernetesClient client() {
        return client;
    }

    /** The API server's URL, e.g. {@code http://127.0.0.1:40123/}. */
    public String apiServerUrl() {
        return client.getMasterUrl().toString();
    }

    /** Stops the API server and closes the client. */
    @Override
    public void close() {
        client.close();
        server.destroy();
    }

    private void createSeedObjects() {
        for (CustomResourceDefinition crd : CiliumResources.definitions()) {
            client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
        }
        if (seed.namespaces().stream().noneMatch(ns -> ns.name().equals(SYSTEM_NAMESPACE))) {
            createNamespace(SYSTEM_NAMESPACE, Map.of());
        }
        List<SimulatedNode> nodes = seed.nodes();
        for (int i = 0; i < nodes.size(); i++) {
            SimulatedNode node = nodes.get(i);
            client.nodes().resource(node(node, "10.0.0." + (10 + i))).create();
            CiliumResources.ciliumNodes(client).resource(ciliumNode(node)).create();
        }
        int podCounter = 0;
        for (SimulatedNamespace namespace : seed.namespaces()) {
            createNamespace(namespace.name(), namespace.labels());
            for (SimulatedPod pod : namespace.pods()) {
                podCounter++;
                client.pods().inNamespace(namespace.name()).resource(new PodBuilder()
                        .withNewMetadata().withName(pod.name()).withNamespace(namespace.name())
                        .withLabels(pod.labels()).endMetadata()
                        .withNewSpec().withNodeName(pod.node())
                        .addNewContainer().withName("app").withImage("registry.example/" + pod.name()).endContainer()
                        .endSpec()
                        .withNewStatus().withPhase("Running").withPodIP("10.244." + (podCounter / 250) + "."
                                + (10 + podCounter % 250))
                        .addNewCondition().withType("Ready").withStatus("True").endCondition()
                        .endStatus()
                        .build()).create();
            }
        }
    }

    private void createNamespace(String name, Map<String, String> labels) {
        Map<String, String> all = new LinkedHashMap<>(labels);
        // The API server sets this label on every namespace; selectors may use it.
        all.put("kubernetes.io/metadata.name", name);
        client.namespaces().resource(new NamespaceBuilder()
                .withNewMetadata().withName(name).withLabels(all).endMetadata().build()).create();
    }

    private static Node node(SimulatedNode node, String internalIp) {
        Map<String, String> annotations = node.egressIps().isEmpty() ? Map.of()
                : Map.of(EGRESS_IPS_ANNOTATION, String.join(",", node.egressIps()));
        return new NodeBuilder()
                .withNewMetadata().withName(node.name()).withLabels(labels(node)).withAnnotations(annotations)
                .endMetadata()
                .withNewSpec().endSpec()
                .withNewStatus()
                .addNewCondition().withType("Ready").withStatus("True").withReason("KubeletReady")
                .withMessage("simulated kubelet is posting ready status").endCondition()
                .addNewAddress().withType("InternalIP").withAddress(internalIp).endAddress()
                .addNewAddress().withType("Hostname").withAddress(node.name()).endAddress()
                .endStatus()
                .build();
    }

    private static GenericKubernetesResource ciliumNode(SimulatedNode node) {
        return new GenericKubernetesResourceBuilder()
                .withApiVersion("cilium.io/v2")
                .withKind("CiliumNode")
                .withNewMetadata().withName(node.name()).withLabels(labels(node)).endMetadata()
                .build();
    }

    private static Map<String, String> labels(SimulatedNode node) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(HOSTNAME_LABEL, node.name());
        labels.put("kubernetes.io/os", "linux");
        labels.putAll(node.labels());
        return labels;
    }
}
