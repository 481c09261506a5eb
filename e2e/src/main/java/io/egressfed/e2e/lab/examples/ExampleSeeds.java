package io.egressfed.e2e.lab.examples;

import io.egressfed.api.v1alpha1.Backend;
import io.egressfed.api.v1alpha1.EgressIPPool;
import io.egressfed.api.v1alpha1.EgressIntent;
import io.egressfed.api.v1alpha1.LabelSelector;
import io.egressfed.e2e.lab.cluster.ClusterSeed;
import io.egressfed.e2e.lab.cluster.SimulatedNamespace;
import io.egressfed.e2e.lab.cluster.SimulatedNode;
import io.egressfed.e2e.lab.cluster.SimulatedPod;
import io.egressfed.hub.net.Cidr;
import io.egressfed.hub.net.IpAddress;
import io.egressfed.hub.net.IpSet;
import io.egressfed.hub.net.Selector;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Derives what a simulated cluster must contain for the example manifests to mean something in it:
 *
 * <ul>
 *   <li>nodes {@code <cluster>-node-<i>}, the first {@code gateways} of them carrying the labels of the
 *       cluster's gateway {@code matchLabels};
 *   <li>for a {@code cilium} cluster, egress addresses on the gateway nodes (Cilium cannot bring them up
 *       itself): the first {@value #ADDRESSES_PER_POOL} allocatable addresses of every pool routable in
 *       the cluster, plus the addresses intents pin in those pools;
 *   <li>one namespace per distinct {@code namespaceSelector} of the intents, labelled with its
 *       {@code matchLabels}, holding two running pods labelled with the {@code podSelector}'s
 *       {@code matchLabels}. A selector that pins {@code statefulset.kubernetes.io/pod-name} matches only
 *       the first of them, as kube-vip needs. In kube-vip clusters the pods run on gateway nodes (kube-vip
 *       SNATs on the pod's node); elsewhere on every node in turn;
 *   <li>the agent's namespace {@value #AGENT_NAMESPACE}.
 * </ul>
 */
public final class ExampleSeeds {

    /** The namespace the lab's agents are "installed" in. */
    public static final String AGENT_NAMESPACE = "egressfed-system";
    /** How many addresses of each pool a cilium gateway node carries. */
    public static final int ADDRESSES_PER_POOL = 8;

    private static final String POD_NAME_LABEL = "statefulset.kubernetes.io/pod-name";
    private static final String DEFAULT_GATEWAY_LABEL = "egress-gateway";
    private static final Pattern ORDINAL = Pattern.compile("^(.*)-(\\d+)$");

    private ExampleSeeds() {
    }

    /**
     * The seed of one cluster.
     *
     * @param examples      the manifests
     * @param cluster       the cluster name
     * @param backend       its backend
     * @param clusterLabels its labels, deciding which pools are routable there; empty to treat every
     *                      pool as routable (a cluster the examples do not declare)
     * @param gateway       its gateway node selector (its matchLabels go on the gateway nodes)
     * @param nodeCount     how many nodes
     * @param gatewayCount  how many of them are gateway candidates
     */
    public static ClusterSeed seed(ExampleManifests examples, String cluster, Backend backend,
            Optional<Map<String, String>> clusterLabels, LabelSelector gateway, int nodeCount, int gatewayCount) {
        if (nodeCount < 1 || gatewayCount < 1 || gatewayCount > nodeCount) {
            throw new IllegalArgumentException("--nodes/--gateways: need 1 <= gateways <= nodes, got nodes="
                    + nodeCount + " gateways=" + gatewayCount);
        }
        Map<String, String> gatewayLabels = gatewayLabels(gateway);
        List<String> egressIps = backend == Backend.BACKEND_CILIUM ? carriedAddresses(examples, clusterLabels)
                : List.of();
        List<SimulatedNode> nodes = new ArrayList<>();
        for (int i = 0; i < nodeCount; i++) {
            boolean isGateway = i < gatewayCount;
            nodes.add(new SimulatedNode(ClusterSeed.nodeName(cluster, i), isGateway ? gatewayLabels : Map.of(),
                    isGateway ? egressIps : List.of()));
        }
        List<String> workloadNodes = (backend == Backend.BACKEND_KUBE_VIP ? nodes.subList(0, gatewayCount) : nodes)
                .stream().map(SimulatedNode::name).toList();
        List<SimulatedNamespace> namespaces = new ArrayList<>(namespaces(examples.intents(), workloadNodes));
        namespaces.add(new SimulatedNamespace(AGENT_NAMESPACE, Map.of(), List.of()));
        return new ClusterSeed(cluster, nodes, namespaces);
    }

    /** The labels a gateway node carries: the selector's matchLabels, or {@code egress-gateway: "true"}. */
    public static Map<String, String> gatewayLabels(LabelSelector gateway) {
        return gateway.getMatchLabelsCount() > 0 ? Map.copyOf(gateway.getMatchLabelsMap())
                : Map.of(DEFAULT_GATEWAY_LABEL, "true");
    }

    private static List<String> carriedAddresses(ExampleManifests examples, Optional<Map<String, String>> labels) {
        Set<String> addresses = new LinkedHashSet<>();
        for (EgressIPPool pool : examples.pools()) {
            if (labels.isPresent() && !Selector.fromProto(pool.getSpec().getClusterSelector()).matches(labels.get())) {
                continue;
            }
            IpSet allocatable = allocatable(pool);
            Iterator<IpAddress> lowest = allocatable.iterator();
            for (int i = 0; i < ADDRESSES_PER_POOL && lowest.hasNext(); i++) {
                addresses.add(lowest.next().toString());
            }
            for (EgressIntent intent : examples.intents()) {
                String pinned = intent.getSpec().getEgressIp().getAddress();
                if (intent.getSpec().getEgressIp().getPool().equals(pool.getMetadata().getName()) && !pinned.isEmpty()
                        && allocatable.contains(IpAddress.parse(pinned))) {
                    addresses.add(IpAddress.parse(pinned).toString());
                }
            }
        }
        return List.copyOf(addresses);
    }

    private static IpSet allocatable(EgressIPPool pool) {
        IpSet all = IpSet.ofCidrs(pool.getSpec().getCidrsList().stream().map(Cidr::parse).toList());
        IpSet excluded = IpSet.ofCidrs(pool.getSpec().getExcludeList().stream().map(Cidr::parseAddressOrCidr).toList());
        return all.minus(excluded);
    }

    private static List<SimulatedNamespace> namespaces(List<EgressIntent> intents, List<String> workloadNodes) {
        Map<String, Map<String, String>> namespaceLabels = new TreeMap<>();
        Map<String, Map<String, SimulatedPod>> pods = new TreeMap<>();
        int placed = 0;
        for (EgressIntent intent : intents) {
            Map<String, String> nsLabels = new TreeMap<>(intent.getSpec().getWorkloads().getNamespaceSelector()
                    .getMatchLabelsMap());
            String namespace = namespaceName(nsLabels);
            namespaceLabels.merge(namespace, nsLabels, (a, b) -> {
                Map<String, String> merged = new TreeMap<>(a);
                merged.putAll(b);
                return merged;
            });
            Map<String, String> podLabels = intent.getSpec().getWorkloads().getPodSelector().getMatchLabelsMap();
            String pinned = podLabels.get(POD_NAME_LABEL);
            String base = pinned != null ? pinned.replaceFirst("-\\d+$", "")
                    : podLabels.getOrDefault("app", intent.getMetadata().getName());
            List<String> names = pinned != null ? List.of(pinned, sibling(pinned)) : List.of(base + "-0", base + "-1");
            for (String name : names) {
                Map<String, String> labels = new LinkedHashMap<>(podLabels);
                if (pinned != null) {
                    labels.put(POD_NAME_LABEL, name);
                }
                String node = workloadNodes.get(placed++ % workloadNodes.size());
                pods.computeIfAbsent(namespace, n -> new LinkedHashMap<>())
                        .putIfAbsent(name, new SimulatedPod(name, labels, node));
            }
        }
        List<SimulatedNamespace> namespaces = new ArrayList<>();
        namespaceLabels.forEach((name, labels) -> namespaces.add(new SimulatedNamespace(name, labels,
                List.copyOf(pods.getOrDefault(name, Map.of()).values()))));
        return namespaces;
    }

    /** {@code kubernetes.io/metadata.name} when the selector names the namespace, else its label values. */
    private static String namespaceName(Map<String, String> matchLabels) {
        String named = matchLabels.get("kubernetes.io/metadata.name");
        if (named != null) {
            return named;
        }
        return matchLabels.isEmpty() ? "default" : String.join("-", matchLabels.values());
    }

    /** {@code card-gateway-0} → {@code card-gateway-1}; a name without ordinal gets {@code -b}. */
    private static String sibling(String podName) {
        Matcher ordinal = ORDINAL.matcher(podName);
        return ordinal.matches() ? ordinal.group(1) + "-" + (Long.parseLong(ordinal.group(2)) + 1) : podName + "-b";
    }
}
