package io.egressfed.hub;

import io.egressfed.hub.cluster.ClusterSettings;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The flags of {@code egressfed-hub} that place the replica in the Pekko cluster of hub replicas. */
final class ReplicaClusterOptions {

    /** Pekko's port between replicas unless {@code --cluster-port} says otherwise. */
    static final int DEFAULT_CLUSTER_PORT = 7355;

    @Option(names = "--replica-name", paramLabel = "NAME",
            description = "This replica's name in the hub status and the coordinator election (default: local with "
                    + "--dev, else $HOSTNAME, e.g. the pod name).")
    String replicaName;

    @Option(names = "--cluster-host", paramLabel = "HOST",
            description = "Address other hub replicas reach this one at, Pekko artery TCP (default: --bind-address "
                    + "when it is a specific address, else this host's address).")
    String clusterHost;

    @Option(names = "--cluster-port", paramLabel = "PORT",
            description = "Pekko cluster port between hub replicas (default: 7355; a free port with --dev).")
    Integer clusterPort;

    @Option(names = "--seed-node", paramLabel = "HOST:PORT",
            description = "A replica to join (its --cluster-host:--cluster-port). Repeatable. Without seed nodes and "
                    + "without --discovery, the replica forms a cluster of its own.")
    List<String> seedNodes = new ArrayList<>();

    @Option(names = "--discovery", paramLabel = "none|kubernetes", defaultValue = "none",
            converter = DiscoveryConverter.class,
            description = "How replicas find each other: none (--seed-node) or kubernetes (Pekko Cluster Bootstrap "
                    + "with Kubernetes API discovery; needs pekko-management on the classpath) (default: none).")
    ClusterSettings.Discovery discovery;

    @Option(names = "--discovery-pod-selector", paramLabel = "SELECTOR",
            defaultValue = "app.kubernetes.io/name=egressfed-hub",
            description = "With --discovery kubernetes: label selector of the hub pods (default: ${DEFAULT-VALUE}).")
    String discoveryPodSelector;

    @Option(names = "--management-port", paramLabel = "PORT", defaultValue = "8558",
            description = "With --discovery kubernetes: Pekko Management HTTP port, the pod port named "
                    + "'management' (default: ${DEFAULT-VALUE}).")
    int managementPort;

    @Option(names = "--discovery-contact-points", paramLabel = "N", defaultValue = "2",
            description = "With --discovery kubernetes: pods that must be found before a new cluster forms "
                    + "(default: ${DEFAULT-VALUE}).")
    int discoveryContactPoints;

    @Option(names = "--split-brain-stable-after", paramLabel = "DURATION", defaultValue = "PT10S",
            converter = HubMain.DurationConverter.class,
            description = "How long membership must be stable before the split-brain resolver (keep-majority) downs "
                    + "the minority side (default: 10s).")
    Duration splitBrainStableAfter;

    /**
     * The cluster settings these flags give.
     *
     * @param bind        the hub's bind address ({@code --cluster-host} defaults to it when it is specific)
     * @param dev         whether the hub runs with {@code --dev} (a lone dev replica takes a free port)
     * @param commandLine for usage errors
     */
    ClusterSettings settings(String bind, boolean dev, CommandLine commandLine) {
        String name = replicaName != null ? replicaName
                : dev ? "local" : System.getenv().getOrDefault("HOSTNAME", "hub");
        String host = clusterHost != null ? clusterHost : !"0.0.0.0".equals(bind) ? bind : localAddress(commandLine);
        int port = clusterPort != null ? clusterPort : dev && seedNodes.isEmpty() ? 0 : DEFAULT_CLUSTER_PORT;
        return new ClusterSettings(name, host, port, seedNodes, discovery, new ClusterSettings.KubernetesDiscovery(
                discoveryPodSelector, managementPort, discoveryContactPoints), splitBrainStableAfter);
    }

    private static String localAddress(CommandLine commandLine) {
        try {
            return InetAddress.getLocalHost().getHostAddress();
        } catch (UnknownHostException e) {
            throw new ParameterException(commandLine, "--cluster-host: required, this host's address is "
                    + "unknown: " + e.getMessage());
        }
    }

    /** Reads {@code none} or {@code kubernetes}. */
    static final class DiscoveryConverter implements CommandLine.ITypeConverter<ClusterSettings.Discovery> {
        @Override
        public ClusterSettings.Discovery convert(String value) {
            return switch (value) {
                case "none" -> ClusterSettings.Discovery.NONE;
                case "kubernetes" -> ClusterSettings.Discovery.KUBERNETES;
                default -> throw new CommandLine.TypeConversionException("expected none or kubernetes, got '"
                        + value + "'");
            };
        }
    }

}
