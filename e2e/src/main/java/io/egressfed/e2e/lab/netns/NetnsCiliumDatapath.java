package io.egressfed.e2e.lab.netns;

import io.egressfed.e2e.lab.cluster.CiliumResources;
import io.egressfed.e2e.lab.dataplane.HoldListener;
import io.egressfed.e2e.lab.dataplane.NodeHold;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lab's simulated Cilium egress datapath, on real packets: told (as a {@link HoldListener}) which
 * gateway node of a cluster holds which egress IP — derived from the CiliumEgressGatewayPolicy the agent
 * wrote — it reads the policies' egress IP and destinations from the cluster's API server and programs
 * the namespaces of a {@link NetnsTopology}: an nftables SNAT rule (pod link to the destinations, to the
 * egress IP) in the chosen gateway only, the pod's default route through that gateway, and the external
 * network's route of the egress IP back to it. A cluster holding nothing (fenced, or no ready gateway)
 * gets a blackhole default route in its pod: matching traffic is dropped, never sent unSNATed.
 *
 * <p>Simulated: real Cilium steers pod traffic to the gateway over its tunnel with BPF; here routes and
 * nftables do it. Node {@code <cluster>-node-<i>} is gateway namespace {@code i} of the cluster.
 */
public final class NetnsCiliumDatapath implements HoldListener {

    private static final Logger LOG = LoggerFactory.getLogger(NetnsCiliumDatapath.class);
    private static final String TABLE = "egressfed_lab";

    private final NetnsTopology topology;
    private final Map<String, KubernetesClient> clusters = new ConcurrentHashMap<>();
    private final List<String> errors = new CopyOnWriteArrayList<>();
    private final List<String> programmed = new CopyOnWriteArrayList<>();

    /** @param topology the namespaces to program */
    public NetnsCiliumDatapath(NetnsTopology topology) {
        this.topology = Objects.requireNonNull(topology, "topology");
    }

    /**
     * Lets the datapath read {@code cluster}'s policies (call before the cluster is observed).
     *
     * @param cluster the cluster
     * @param client its API server's client
     */
    public void attach(String cluster, KubernetesClient client) {
        clusters.put(cluster, client);
    }

    @Override
    public synchronized void observed(String cluster, Set<NodeHold> held, long atNanos) {
        KubernetesClient client = clusters.get(cluster);
        if (client == null) {
            return;
        }
        try {
            List<NetnsTopology.Gateway> gateways = topology.gateways(cluster);
            String pod = topology.pod(cluster);
            List<GenericKubernetesResource> policies = CiliumResources.policies(client).list().getItems();
            for (NetnsTopology.Gateway gateway : gateways) {
                StringBuilder rules = new StringBuilder();
                for (NodeHold hold : held) {
                    if (gatewayIndex(hold.node()) == gateways.indexOf(gateway)) {
                        for (String destination : destinations(policies, hold.ip())) {
                            rules.append("    ip saddr ").append(gateway.podSide()).append(" ip daddr ")
                                    .append(destination).append(" snat to ").append(hold.ip()).append('\n');
                        }
                    }
                }
                if (rules.length() > 0) {
                    program(gateway, rules.toString());
                }
            }
            // The pod's route last when adding, first when removing: no instant routes it to a gateway
            // that does not SNAT.
            NodeHold first = held.stream().sorted().findFirst().orElse(null);
            if (first == null) {
                Shell.in(pod, "ip", "route", "replace", "blackhole", "default");
            } else {
                NetnsTopology.Gateway gateway = gateways.get(gatewayIndex(first.node()));
                Shell.in(topology.external(), "ip", "route", "replace", first.ip() + "/32", "via",
                        gateway.extLinkAddress());
                Shell.in(pod, "ip", "route", "replace", "default", "via", gateway.podLinkAddress());
            }
            for (NetnsTopology.Gateway gateway : gateways) {
                boolean holds = held.stream().anyMatch(h -> gatewayIndex(h.node()) == gateways.indexOf(gateway));
                if (!holds) {
                    clear(gateway);
                }
            }
            programmed.add(cluster + " " + held);
        } catch (IOException | RuntimeException e) {
            errors.add(cluster + ": " + e.getMessage());
            LOG.warn("could not program the datapath of {}: {}", cluster, e.getMessage());
        }
    }

    /** Every programming failure so far (a test asserts there is none). */
    public List<String> errors() {
        return List.copyOf(errors);
    }

    /** What was programmed, in order ({@code cluster [holds]}). */
    public List<String> programmed() {
        return List.copyOf(programmed);
    }

    private void program(NetnsTopology.Gateway gateway, String rules) throws IOException {
        String script = "table ip " + TABLE + "\ndelete table ip " + TABLE + "\n"
                + "table ip " + TABLE + " {\n  chain postrouting {\n"
                + "    type nat hook postrouting priority srcnat; policy accept;\n" + rules + "  }\n}\n";
        Shell.runWithInput(script, "ip", "netns", "exec", gateway.namespace(), "nft", "-f", "-");
    }

    private void clear(NetnsTopology.Gateway gateway) throws IOException {
        Shell.runWithInput("table ip " + TABLE + "\ndelete table ip " + TABLE + "\n",
                "ip", "netns", "exec", gateway.namespace(), "nft", "-f", "-");
    }

    /** The destinations of the policies whose egress IP is {@code ip}. */
    @SuppressWarnings("unchecked")
    private static List<String> destinations(List<GenericKubernetesResource> policies, String ip) {
        List<String> destinations = new ArrayList<>();
        for (GenericKubernetesResource policy : policies) {
            Object spec = policy.getAdditionalProperties().get("spec");
            if (!(spec instanceof Map<?, ?> specMap)) {
                continue;
            }
            Object gateway = specMap.get("egressGateway");
            if (gateway instanceof Map<?, ?> gatewayMap && ip.equals(gatewayMap.get("egressIP"))
                    && specMap.get("destinationCIDRs") instanceof List<?> cidrs) {
                ((List<Object>) cidrs).forEach(cidr -> destinations.add(String.valueOf(cidr)));
            }
        }
        return destinations;
    }

    private static int gatewayIndex(String node) {
        return Integer.parseInt(node.substring(node.lastIndexOf('-') + 1));
    }
}
