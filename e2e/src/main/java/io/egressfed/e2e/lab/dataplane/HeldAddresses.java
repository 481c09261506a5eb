package io.egressfed.e2e.lab.dataplane;

import com.google.common.net.InetAddresses;
import io.egressfed.e2e.lab.cluster.Nodes;
import io.egressfed.e2e.lab.cluster.SimulatedCluster;
import io.egressfed.e2e.lab.kubevip.KubeVipSimulator;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Service;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which egress IPs a cluster's dataplane would use, read from its backend objects as Cilium and
 * kube-vip would act on them:
 *
 * <ul>
 *   <li>a CiliumEgressGatewayPolicy holds its {@code egressGateway.egressIP} when its
 *       {@code egressGateway.nodeSelector} matches the CiliumNode of a Ready node that carries the
 *       address (listed in the node's {@value SimulatedCluster#EGRESS_IPS_ANNOTATION} annotation, or
 *       announced there by kube-vip); a policy that sets both {@code interface} and {@code egressIP} is
 *       ignored by Cilium and holds nothing;
 *   <li>a Service holds the addresses of its {@value KubeVipSimulator#LOADBALANCER_IPS} annotation when
 *       its {@value KubeVipSimulator#VIP_HOST} names a Ready node.
 * </ul>
 */
public final class HeldAddresses {

    private HeldAddresses() {
    }

    /** The IPs held, in canonical text form, sorted. */
    public static Set<String> of(ClusterObjects objects) {
        Set<String> held = new TreeSet<>();
        onNodes(objects).forEach(hold -> held.add(hold.ip()));
        return held;
    }

    /**
     * The IPs held with the gateway node that carries each: a policy whose selector matches several
     * ready nodes that carry its IP holds it on the first of them by name (Cilium picks one gateway), a
     * Service on its {@value KubeVipSimulator#VIP_HOST}. Sorted by IP, then node.
     */
    public static Set<NodeHold> onNodes(ClusterObjects objects) {
        Map<String, Node> readyNodes = new TreeMap<>();
        for (Node node : objects.nodes()) {
            if (Nodes.isReady(node)) {
                readyNodes.put(node.getMetadata().getName(), node);
            }
        }
        Set<NodeHold> held = new TreeSet<>();
        Map<String, Set<String>> announcedOn = new HashMap<>();
        for (Service service : objects.services()) {
            Map<String, String> annotations = annotations(service.getMetadata().getAnnotations());
            String host = annotations.get(KubeVipSimulator.VIP_HOST);
            if (host == null || !readyNodes.containsKey(host)) {
                continue;
            }
            for (String ip : list(annotations.get(KubeVipSimulator.LOADBALANCER_IPS))) {
                held.add(new NodeHold(ip, host));
                announcedOn.computeIfAbsent(host, h -> new HashSet<>()).add(ip);
            }
        }
        Map<String, GenericKubernetesResource> ciliumNodes = new TreeMap<>();
        objects.ciliumNodes().forEach(ciliumNode -> ciliumNodes.put(ciliumNode.getMetadata().getName(), ciliumNode));
        for (GenericKubernetesResource policy : objects.policies()) {
            Optional<String> ip = gatewayIp(policy);
            Optional<LabelSelector> selector = nodeSelector(policy);
            if (ip.isEmpty() || selector.isEmpty()) {
                continue;
            }
            for (GenericKubernetesResource ciliumNode : ciliumNodes.values()) {
                String name = ciliumNode.getMetadata().getName();
                Node node = readyNodes.get(name);
                if (node != null && Nodes.matches(selector.get(), ciliumNode.getMetadata().getLabels())
                        && carries(node, ip.get(), announcedOn.getOrDefault(name, Set.of()))) {
                    held.add(new NodeHold(ip.get(), name));
                    break;
                }
            }
        }
        return held;
    }

    private static boolean carries(Node node, String ip, Set<String> announced) {
        return announced.contains(ip) || list(annotations(node.getMetadata().getAnnotations())
                .get(SimulatedCluster.EGRESS_IPS_ANNOTATION)).contains(ip);
    }

    private static Optional<String> gatewayIp(GenericKubernetesResource policy) {
        Object ip = policy.get("spec", "egressGateway", "egressIP");
        Object iface = policy.get("spec", "egressGateway", "interface");
        if (!(ip instanceof String text) || text.isBlank() || (iface instanceof String name && !name.isBlank())) {
            return Optional.empty();
        }
        return Optional.of(canonical(text));
    }

    private static Optional<LabelSelector> nodeSelector(GenericKubernetesResource policy) {
        if (!(policy.get("spec", "egressGateway", "nodeSelector") instanceof Map<?, ?> raw)) {
            return Optional.empty();
        }
        LabelSelector selector = new LabelSelector();
        if (raw.get("matchLabels") instanceof Map<?, ?> labels) {
            Map<String, String> matchLabels = new HashMap<>();
            labels.forEach((key, value) -> matchLabels.put(String.valueOf(key), String.valueOf(value)));
            selector.setMatchLabels(matchLabels);
        }
        if (raw.get("matchExpressions") instanceof List<?> expressions) {
            List<LabelSelectorRequirement> requirements = new ArrayList<>();
            for (Object expression : expressions) {
                if (expression instanceof Map<?, ?> term) {
                    List<String> values = new ArrayList<>();
                    if (term.get("values") instanceof List<?> listed) {
                        listed.forEach(value -> values.add(String.valueOf(value)));
                    }
                    requirements.add(new LabelSelectorRequirement(String.valueOf(term.get("key")),
                            String.valueOf(term.get("operator")), values));
                }
            }
            selector.setMatchExpressions(requirements);
        }
        return Optional.of(selector);
    }

    private static Map<String, String> annotations(Map<String, String> annotations) {
        return annotations == null ? Map.of() : annotations;
    }

    private static List<String> list(String commaSeparated) {
        if (commaSeparated == null || commaSeparated.isBlank()) {
            return List.of();
        }
        return List.of(commaSeparated.split(",")).stream()
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .map(HeldAddresses::canonical)
                .toList();
    }

    /** IPv6 has many spellings of one address; compare the canonical one. Non-addresses stay as written. */
    private static String canonical(String ip) {
        String trimmed = ip.trim();
        return InetAddresses.isInetAddress(trimmed) ? InetAddresses.toAddrString(InetAddresses.forString(trimmed))
                : trimmed;
    }
}
