package io.egressfed.agent;

import io.egressfed.agent.backend.ManagedNamespaces;
import io.egressfed.agent.election.LeaderElectionSettings;
import io.egressfed.api.manifest.GoDurations;
import io.egressfed.api.pki.BootstrapToken;
import io.egressfed.api.pki.CaPin;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code egressfed-agent}: runs the agent of one member cluster until interrupted. */
@Command(name = "egressfed-agent", mixinStandardHelpOptions = true, versionProvider = AgentMain.Version.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Runs the egressfed agent of one member cluster: enrolls with the hub once, receives signed configs "
                    + "over mTLS, verifies them and drives the cluster's egress backend (Cilium Egress Gateway, "
                    + "kube-vip, or both), correcting drift and reporting health.",
            "",
            "The exact command line for a cluster is printed by `egressfed-hub --enroll NAME`.",
            ""})
public final class AgentMain implements Callable<Integer> {

    @Option(names = "--hub", required = true, paramLabel = "HOST:PORT", description = "The hub's spoke-link address.")
    String hub;

    @Option(names = "--cluster", required = true, paramLabel = "NAME", description = "This cluster's name, as enrolled.")
    String cluster;

    @Option(names = "--bootstrap-token", paramLabel = "TOKEN",
            description = "Single-use enrollment token (only needed until the agent holds a certificate).")
    String bootstrapToken;

    @Option(names = "--bootstrap-token-file", paramLabel = "FILE",
            description = "Read the enrollment token from a file (keeps it out of the process list).")
    Path bootstrapTokenFile;

    @Option(names = "--hub-ca-sha256", required = true, paramLabel = "HEX",
            description = "SHA-256 fingerprint of the hub CA certificate; the only CA the agent trusts.")
    String caSha256;

    @Option(names = "--hub-signing-key", paramLabel = "FILE",
            description = "Pinned hub config-signing public key (PEM). Repeatable (rotation: old and new).")
    List<Path> signingKeyFiles = new ArrayList<>();

    @Option(names = "--hub-signing-key-sha256", paramLabel = "HEX",
            description = "Pinned hub config-signing key id (SHA-256 of the public key); the key itself is fetched "
                    + "from the hub and kept only if its id matches. Repeatable.")
    List<String> signingKeyIds = new ArrayList<>();

    @Option(names = "--state-dir", paramLabel = "DIR", defaultValue = "/var/lib/egressfed-agent",
            description = "Where the agent keeps its key and certificate (unless --credentials-secret) and resolved "
                    + "hub keys (default: ${DEFAULT-VALUE}).")
    Path stateDir;

    @Option(names = "--credentials-secret", paramLabel = "NAME",
            description = "Keep the enrolled key, certificate and hub CA in this Secret of --namespace instead of "
                    + "--state-dir, so replicas and restarts share one identity (needs the Kubernetes API).")
    String credentialsSecret;

    @Option(names = "--leader-elect", description = "Elect one leader among the agent replicas of this cluster "
            + "through a coordination.k8s.io Lease in --namespace; only the leader talks to the hub and writes "
            + "(default: off; on in the Helm chart).")
    boolean leaderElect;

    @Option(names = "--leader-election-lease", paramLabel = "NAME", defaultValue = LeaderElectionSettings.DEFAULT_LEASE_NAME,
            description = "Name of the election Lease (default: ${DEFAULT-VALUE}).")
    String leaderElectionLease;

    @Option(names = "--leader-election-identity", paramLabel = "ID",
            description = "This replica's identity in the election (default: host name plus a random suffix).")
    String leaderElectionIdentity;

    @Option(names = "--leader-election-lease-duration", paramLabel = "DURATION", defaultValue = "4s",
            converter = DurationConverter.class,
            description = "How long the Lease holds without renewal before another replica may take it "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration leaderElectionLeaseDuration;

    @Option(names = "--leader-election-renew-deadline", paramLabel = "DURATION", defaultValue = "3s",
            converter = DurationConverter.class,
            description = "How long the leader keeps trying to renew before it stops writing; shorter than the "
                    + "lease duration (default: ${DEFAULT-VALUE}).")
    Duration leaderElectionRenewDeadline;

    @Option(names = "--leader-election-retry-period", paramLabel = "DURATION", defaultValue = "1s",
            converter = DurationConverter.class,
            description = "Interval between attempts to acquire or renew the Lease (default: ${DEFAULT-VALUE}).")
    Duration leaderElectionRetryPeriod;

    @Option(names = "--kubeconfig", paramLabel = "FILE",
            description = "Drive the cluster behind this kubeconfig.")
    Path kubeconfig;

    @Option(names = "--in-cluster", description = "Drive the cluster the agent runs in (service account).")
    boolean inCluster;

    @Option(names = "--namespace", paramLabel = "NS", defaultValue = "egressfed-system",
            description = "The agent's namespace; its state ConfigMap lives there (default: ${DEFAULT-VALUE}).")
    String namespace;

    @Option(names = "--managed-namespace", paramLabel = "NS",
            description = "Watch and write egress Services and look up workload pods only in this namespace; "
                    + "assignments whose workload lives elsewhere are refused. Repeatable. Without it every "
                    + "namespace is managed, which needs cluster-wide Service and pod permissions.")
    List<String> managedNamespaces = new ArrayList<>();

    @Option(names = "--bind-address", paramLabel = "ADDR", defaultValue = "0.0.0.0",
            description = "Address of the ops endpoints (default: ${DEFAULT-VALUE}).")
    String bindAddress;

    @Option(names = "--http-port", paramLabel = "PORT", defaultValue = "7081",
            description = "Ops port: /healthz, /readyz, /metrics (default: ${DEFAULT-VALUE}; 0 picks a free port).")
    int httpPort;

    @Spec
    CommandLine.Model.CommandSpec spec;

    private final PrintStream out;
    private final CountDownLatch stop;

    /**
     * Creates the command.
     *
     * @param out where the start-up summary goes
     * @param stop opened to stop the agent
     */
    public AgentMain(PrintStream out, CountDownLatch stop) {
        this.out = out;
        this.stop = stop;
    }

    /**
     * Runs the agent until interrupted.
     *
     * @param args command-line arguments
     */
    public static void main(String[] args) {
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "agent-shutdown"));
        System.exit(new CommandLine(new AgentMain(System.out, stop)).execute(args));
    }

    /**
     * The options as an {@link AgentOptions} value; usage errors name the flag.
     *
     * @return the options
     */
    public AgentOptions options() {
        CaPin pin;
        try {
            pin = CaPin.parse(caSha256);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--hub-ca-sha256: " + e.getMessage());
        }
        Optional<BootstrapToken> token = Optional.empty();
        try {
            String text = bootstrapToken;
            if (bootstrapTokenFile != null) {
                text = Files.readString(bootstrapTokenFile).trim();
            }
            if (text != null && !text.isBlank()) {
                token = Optional.of(BootstrapToken.parse(text.trim()));
            }
        } catch (java.io.IOException e) {
            throw new ParameterException(spec.commandLine(), "--bootstrap-token-file: cannot read: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--bootstrap-token: " + e.getMessage());
        }
        Set<String> ids = new LinkedHashSet<>();
        for (String id : signingKeyIds) {
            String normalized = id.toLowerCase(Locale.ROOT).replace(":", "");
            if (!normalized.matches("[0-9a-f]{64}")) {
                throw new ParameterException(spec.commandLine(),
                        "--hub-signing-key-sha256: expected 64 hex digits, got '" + id + "'");
            }
            ids.add(normalized);
        }
        if (kubeconfig != null && inCluster) {
            throw new ParameterException(spec.commandLine(), "--kubeconfig and --in-cluster exclude each other");
        }
        boolean kubernetes = kubeconfig != null || inCluster;
        if (leaderElect && !kubernetes) {
            throw new ParameterException(spec.commandLine(), "--leader-elect needs --kubeconfig or --in-cluster");
        }
        if (credentialsSecret != null && !kubernetes) {
            throw new ParameterException(spec.commandLine(), "--credentials-secret needs --kubeconfig or --in-cluster");
        }
        try {
            AgentOptions options = new AgentOptions(cluster, hub, pin, signingKeyFiles, ids, token, stateDir, namespace,
                    new InetSocketAddress(bindAddress, httpPort), Version.version());
            if (credentialsSecret != null) {
                options = options.withCredentialsSecret(credentialsSecret);
            }
            if (!managedNamespaces.isEmpty()) {
                options = options.withManagedNamespaces(ManagedNamespaces.of(new LinkedHashSet<>(managedNamespaces)));
            }
            if (leaderElect) {
                options = options.withLeaderElection(new LeaderElectionSettings(namespace, leaderElectionLease,
                        leaderElectionIdentity != null ? leaderElectionIdentity : defaultIdentity(),
                        leaderElectionLeaseDuration, leaderElectionRenewDeadline, leaderElectionRetryPeriod));
            }
            return options;
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    @Override
    public Integer call() throws Exception {
        AgentOptions options = options();
        Optional<KubernetesClient> client = Optional.empty();
        if (kubeconfig != null) {
            client = Optional.of(new KubernetesClientBuilder()
                    .withConfig(Config.fromKubeconfig(Files.readString(kubeconfig))).build());
        } else if (inCluster) {
            client = Optional.of(new KubernetesClientBuilder().build());
        }
        try (Agent agent = Agent.start(options, client)) {
            out.printf("egressfed agent %s for cluster %s%n", options.agentVersion(), options.cluster());
            out.printf("  hub:      %s (CA %s)%n", options.hub(), options.caPin().sha256Hex());
            out.printf("  backend:  %s%n", client.isPresent() ? "Kubernetes (" + (inCluster ? "in-cluster"
                    : kubeconfig) + ")" : "none: configs are verified and logged only (no --kubeconfig/--in-cluster)");
            out.printf("  ops:      http://%s:%d/healthz /readyz /metrics%n", bindAddress, agent.httpPort());
            options.leaderElection().ifPresent(election -> out.printf("  election: Lease %s/%s as %s%n",
                    election.namespace(), election.leaseName(), election.identity()));
            out.flush();
            agent.stopped().thenRun(stop::countDown);
            stop.await();
            if (agent.stopped().isDone()) {
                spec.commandLine().getErr().printf("egressfed agent stopped: %s; exiting so that it restarts as a "
                        + "standby%n", agent.stopped().getNow(""));
                return 1;
            }
        } finally {
            client.ifPresent(KubernetesClient::close);
        }
        return 0;
    }

    private static String defaultIdentity() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                host = "agent";
            }
        }
        // The suffix keeps two processes on one host (or a restarted one) from passing as the same holder.
        return host + "_" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Reads durations as ISO-8601 ({@code PT5S}) or Go-style ({@code 5s}, {@code 1m30s}). */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return GoDurations.parseFlag(value);
        }
    }

    /** The agent's version, from the jar manifest when packaged. */
    public static final class Version implements CommandLine.IVersionProvider {
        static String version() {
            String version = AgentMain.class.getPackage().getImplementationVersion();
            return version != null ? version : "0.1.0-dev";
        }

        @Override
        public String[] getVersion() {
            return new String[] {"egressfed-agent " + version()};
        }
    }
}
