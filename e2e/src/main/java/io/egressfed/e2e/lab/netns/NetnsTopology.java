package io.egressfed.e2e.lab.netns;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Network namespaces standing in for a small network, all addresses in 198.18.0.0/15:
 * <pre>
 *   pod-A ==veth== gw-A0 ==veth==+
 *         ==veth== gw-A1 ==veth==+== ext (the external host, 198.18.12.1)
 *   pod-B ==veth== gw-B0 ==veth==+
 *         ==veth== gw-B1 ==veth==+
 * </pre>
 * Gateway {@code k} (0..3) links to ext on 198.18.10.4k/30 (ext .4k+1, gateway .4k+2) and to its
 * cluster's pod on 198.18.11.4k/30 (pod .4k+1, gateway .4k+2). Gateways forward and route to ext; ext
 * routes each pod link back through its gateway, so a connection that is not SNATed still completes
 * and is seen with the pod's own address. Nothing routes the pods yet: the datapath does.
 */
public final class NetnsTopology implements AutoCloseable {

    /** The external host's address, the destination of the workload's connections. */
    public static final String EXTERNAL_ADDRESS = "198.18.12.1";
    /** The destination prefix the intent names. */
    public static final String EXTERNAL_PREFIX = "198.18.12.0/24";

    private static final Logger LOG = LoggerFactory.getLogger(NetnsTopology.class);

    /**
     * One gateway namespace.
     *
     * @param index 0..3
     * @param namespace its namespace
     * @param podSide the pod's address on the link to this gateway
     * @param podLinkAddress this gateway's address on the pod link
     * @param extLinkAddress this gateway's address on the ext link
     */
    public record Gateway(int index, String namespace, String podSide, String podLinkAddress, String extLinkAddress) {
    }

    private final String prefix;
    private final String external;
    private final Map<String, String> pods = new LinkedHashMap<>();
    private final Map<String, List<Gateway>> gateways = new LinkedHashMap<>();
    private final List<String> created = new ArrayList<>();

    private NetnsTopology(String prefix) {
        this.prefix = prefix;
        this.external = prefix + "-ext";
    }

    /**
     * Creates the namespaces for two clusters of two gateways each (deleting leftovers of the same prefix
     * first).
     *
     * @param prefix a short unique prefix for namespace names, e.g. {@code ef1a2b}
     * @param clusters the two cluster names, in order
     * @return the topology
     * @throws IOException when a command fails (what was created is deleted)
     */
    public static NetnsTopology create(String prefix, List<String> clusters) throws IOException {
        if (clusters.size() != 2) {
            throw new IllegalArgumentException("clusters: exactly two, got " + clusters);
        }
        NetnsTopology topology = new NetnsTopology(prefix);
        try {
            topology.deleteLeftovers();
            topology.build(clusters);
            return topology;
        } catch (IOException | RuntimeException failure) {
            topology.close();
            throw failure;
        }
    }

    private void build(List<String> clusters) throws IOException {
        namespace(external);
        Shell.in(external, "ip", "link", "set", "lo", "up");
        Shell.in(external, "ip", "addr", "add", EXTERNAL_ADDRESS + "/32", "dev", "lo");
        for (int c = 0; c < clusters.size(); c++) {
            String pod = prefix + "-pod" + c;
            namespace(pod);
            Shell.in(pod, "ip", "link", "set", "lo", "up");
            pods.put(clusters.get(c), pod);
            List<Gateway> inCluster = new ArrayList<>();
            for (int g = 0; g < 2; g++) {
                int k = 2 * c + g;
                String gw = prefix + "-gw" + k;
                namespace(gw);
                Shell.in(gw, "ip", "link", "set", "lo", "up");
                Shell.in(gw, "sysctl", "-q", "-w", "net.ipv4.ip_forward=1");
                String extSide = "198.18.10." + (4 * k + 1);
                String gwExt = "198.18.10." + (4 * k + 2);
                String podSide = "198.18.11." + (4 * k + 1);
                String gwPod = "198.18.11." + (4 * k + 2);
                link(external, "x" + k, extSide, gw, "u" + k, gwExt);
                link(pod, "p" + k, podSide, gw, "d" + k, gwPod);
                Shell.in(gw, "ip", "route", "add", "default", "via", extSide);
                Shell.in(external, "ip", "route", "add", "198.18.11." + (4 * k) + "/30", "via", gwExt);
                inCluster.add(new Gateway(k, gw, podSide, gwPod, gwExt));
            }
            gateways.put(clusters.get(c), List.copyOf(inCluster));
        }
    }

    private void namespace(String name) throws IOException {
        Shell.run("ip", "netns", "add", name);
        created.add(name);
    }

    /** A veth pair between two namespaces, each end addressed in one /30. */
    private void link(String leftNs, String leftIf, String leftAddress, String rightNs, String rightIf,
            String rightAddress) throws IOException {
        String left = prefix + leftIf;
        String right = prefix + rightIf;
        Shell.run("ip", "link", "add", left, "netns", leftNs, "type", "veth", "peer", "name", right, "netns", rightNs);
        Shell.in(leftNs, "ip", "addr", "add", leftAddress + "/30", "dev", left);
        Shell.in(rightNs, "ip", "addr", "add", rightAddress + "/30", "dev", right);
        Shell.in(leftNs, "ip", "link", "set", left, "up");
        Shell.in(rightNs, "ip", "link", "set", right, "up");
    }

    /** The external host's namespace. */
    public String external() {
        return external;
    }

    /** The pod namespace of {@code cluster}. */
    public String pod(String cluster) {
        return Objects.requireNonNull(pods.get(cluster), () -> "cluster " + cluster + ": not in this topology");
    }

    /** The gateway namespaces of {@code cluster}, node 0 first. */
    public List<Gateway> gateways(String cluster) {
        return Objects.requireNonNull(gateways.get(cluster), () -> "cluster " + cluster + ": not in this topology");
    }

    /** Every address a namespace of this topology has (pod, gateway and ext link addresses). */
    public List<String> ownAddresses() {
        List<String> all = new ArrayList<>();
        gateways.values().forEach(list -> list.forEach(g -> {
            all.add(g.podSide());
            all.add(g.podLinkAddress());
            all.add(g.extLinkAddress());
        }));
        return all;
    }

    private void deleteLeftovers() throws IOException {
        for (String line : Shell.run("ip", "netns", "list").split("\n")) {
            String name = line.split(" ")[0].trim();
            if (name.startsWith(prefix + "-")) {
                Shell.run("ip", "netns", "delete", name);
            }
        }
    }

    /** Deletes every namespace (their veths go with them). */
    @Override
    public void close() {
        for (String name : created) {
            try {
                Shell.run("ip", "netns", "delete", name);
            } catch (IOException e) {
                LOG.warn("could not delete network namespace {}: {}", name, e.getMessage());
            }
        }
        created.clear();
    }
}
