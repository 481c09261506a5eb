package io.egressfed.agent.backend;

import io.egressfed.api.v1alpha1.GatewayInventory;
import io.egressfed.api.v1alpha1.LabelSelector;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The candidate gateway nodes of one planning pass: the nodes matching the cluster's gateway selector,
 * each with the egress addresses it lists in {@link Ownership#EGRESS_IPS} and the reasons, if any, it
 * cannot be a gateway now. Evaluated once per pass and shared by every assignment.
 */
public final class GatewayNodes {

    /**
     * One node matching the gateway selector.
     *
     * @param name      the node name
     * @param hostname  the value Cilium can select it by (its CiliumNode's hostname label), "" if none
     * @param addresses the egress addresses it lists, as written
     * @param problems  why it cannot be a gateway now (empty when it can)
     */
    public record Candidate(String name, String hostname, List<String> addresses, List<String> problems) {

        /** Copies the lists. */
        public Candidate {
            addresses = List.copyOf(addresses);
            problems = List.copyOf(problems);
        }

        private Set<String> canonical() {
            return addresses.stream().map(IpLiterals::canonical).flatMap(Optional::stream).collect(Collectors.toSet());
        }

        /** @return whether the node can be a gateway now */
        public boolean healthy() {
            return problems.isEmpty();
        }

    }

    private final List<Candidate> candidates;
    /** Canonical address → the candidates listing it, so that each assignment's lookup is one map read. */
    private final Map<String, List<Candidate>> byAddress;

    private GatewayNodes(List<Candidate> candidates) {
        this.candidates = candidates;
        Map<String, List<Candidate>> index = new HashMap<>();
        for (Candidate candidate : candidates) {
            for (String address : candidate.canonical()) {
                index.computeIfAbsent(address, key -> new ArrayList<>()).add(candidate);
            }
        }
        this.byAddress = index;
    }

    /**
     * Evaluates the nodes matching {@code selector}.
     *
     * @param selector          the cluster's gateway node selector
     * @param view              the cluster caches
     * @param requireCiliumNode whether a gateway needs a CiliumNode carrying the hostname label (the
     *                          Cilium backends select gateways by CiliumNode labels)
     * @return the evaluation, sorted by node name
     */
    public static GatewayNodes evaluate(LabelSelector selector, ClusterView view, boolean requireCiliumNode) {
        List<Candidate> candidates = new ArrayList<>();
        for (Node node : view.nodes()) {
            if (!LabelSelectors.matches(selector, node.getMetadata().getLabels())) {
                continue;
            }
            String name = node.getMetadata().getName();
            List<String> problems = new ArrayList<>();
            if (!isReady(node)) {
                problems.add("NotReady");
            }
            if (Boolean.TRUE.equals(node.getSpec() == null ? null : node.getSpec().getUnschedulable())) {
                problems.add("cordoned");
            }
            String hostname = "";
            if (requireCiliumNode) {
                Optional<GenericKubernetesResource> ciliumNode = view.ciliumNode(name);
                if (ciliumNode.isEmpty()) {
                    problems.add("no CiliumNode");
                } else {
                    hostname = hostnameLabel(ciliumNode.get().getMetadata().getLabels());
                    if (hostname.isEmpty()) {
                        problems.add("its CiliumNode has no " + Ownership.HOSTNAME + " label");
                    }
                }
            }
            candidates.add(new Candidate(name, hostname, listedAddresses(node), problems));
        }
        candidates.sort(Comparator.comparing(Candidate::name));
        return new GatewayNodes(List.copyOf(candidates));
    }

    /**
     * Whether a node's Ready condition is True.
     *
     * @param node the node
     * @return true when Ready
     */
    public static boolean isReady(Node node) {
        if (node.getStatus() == null || node.getStatus().getConditions() == null) {
            return false;
        }
        for (NodeCondition condition : node.getStatus().getConditions()) {
            if ("Ready".equals(condition.getType())) {
                return "True".equals(condition.getStatus());
            }
        }
        return false;
    }

    /**
     * The hostname label value from a label map.
     *
     * @param labels labels (null for none)
     * @return the value, "" when absent
     */
    public static String hostnameLabel(Map<String, String> labels) {
        String value = labels == null ? null : labels.get(Ownership.HOSTNAME);
        return value == null ? "" : value;
    }

    /** @return every evaluated node, sorted by name */
    public List<Candidate> all() {
        return candidates;
    }

    /**
     * The healthy nodes that list {@code address}.
     *
     * @param address the egress address
     * @return the candidates, sorted by name
     */
    public List<Candidate> healthyCarrying(String address) {
        return carrying(address).stream().filter(Candidate::healthy).toList();
    }

    private List<Candidate> carrying(String address) {
        return IpLiterals.canonical(address).map(key -> byAddress.getOrDefault(key, List.of())).orElse(List.of());
    }

    /**
     * Why no node can carry {@code address}, for the health report.
     *
     * @param address the egress address
     * @return e.g. "no healthy gateway node carries 198.51.100.10 (node-a: NotReady; node-b: cordoned)"
     */
    public String whyNone(String address) {
        List<String> details = carrying(address).stream()
                .filter(candidate -> !candidate.healthy())
                .map(c -> c.name() + ": " + String.join(", ", c.problems()))
                .toList();
        if (details.isEmpty()) {
            return "no node matching the gateway selector lists " + address + " in " + Ownership.EGRESS_IPS;
        }
        return "no healthy gateway node carries " + address + " (" + String.join("; ", details) + ")";
    }

    /**
     * The inventory reported to the hub: with the cilium backend every matching node that lists egress
     * addresses (Cilium SNATs with an address the node carries); where kube-vip brings the VIP up
     * (kube-vip, cilium-vip), every node the gateway selector matches, addresses or not, so that the
     * hub's failover health rule sees a VIP standby cluster's ready gateways. IPAM only uses the
     * addresses.
     *
     * @param addressesRequired true for the cilium backend
     * @return one entry per such node, sorted by name
     */
    public List<GatewayInventory> inventory(boolean addressesRequired) {
        return candidates.stream()
                .filter(c -> !addressesRequired || !c.addresses().isEmpty())
                .map(c -> GatewayInventory.newBuilder()
                        .setNode(c.name())
                        .addAllAddresses(c.addresses())
                        .setReady(c.healthy())
                        .build())
                .toList();
    }

    /**
     * Chooses the gateway of an intent among healthy candidates: the current one while it stays
     * healthy (moving egress breaks connections), otherwise the highest rendezvous hash of intent and
     * node name, which is deterministic and spreads intents over the candidates.
     *
     * @param intent     the intent name
     * @param candidates healthy candidates
     * @param current    the node the live policy selects now, "" when none
     * @return the chosen candidate, or empty when there is none
     */
    public static Optional<Candidate> choose(String intent, List<Candidate> candidates, String current) {
        for (Candidate candidate : candidates) {
            if (candidate.name().equals(current)) {
                return Optional.of(candidate);
            }
        }
        return candidates.stream().max(Comparator.comparingLong((Candidate c) -> rendezvous(intent, c.name()))
                .thenComparing(Candidate::name));
    }

    private static long rendezvous(String intent, String node) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] hash = digest.digest((intent + "\n" + node).getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(hash).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }

    private static List<String> listedAddresses(Node node) {
        Map<String, String> annotations = node.getMetadata().getAnnotations();
        String listed = annotations == null ? null : annotations.get(Ownership.EGRESS_IPS);
        if (listed == null || listed.isBlank()) {
            return List.of();
        }
        List<String> addresses = new ArrayList<>();
        for (String part : listed.split(",")) {
            String address = part.trim();
            // A malformed entry is the node owner's typo; it is skipped, and the inventory shows what counted.
            if (IpLiterals.parse(address).isPresent() && !addresses.contains(address)) {
                addresses.add(address);
            }
        }
        addresses.sort(Comparator.naturalOrder());
        return addresses;
    }
}
