package io.egressfed.hub;

import io.egressfed.api.manifest.GoDurations;
import io.egressfed.api.manifest.Manifest;
import io.egressfed.api.manifest.ManifestCodec;
import io.egressfed.api.manifest.ManifestException;
import io.egressfed.api.v1alpha1.EgressIPPool;
import io.egressfed.api.v1alpha1.EgressIntent;
import io.egressfed.api.v1alpha1.MemberCluster;
import io.egressfed.hub.pki.IssuedToken;
import io.egressfed.hub.auth.AdminTokenFiles;
import io.egressfed.hub.auth.IssuedAdminToken;
import io.egressfed.hub.cluster.ClusterSettings;
import io.egressfed.hub.state.AlreadyExistsException;
import io.egressfed.hub.state.ResourceKind;
import io.egressfed.hub.validate.ValidationException;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code egressfed-hub}: runs one hub replica until interrupted. */
@Command(name = "egressfed-hub", mixinStandardHelpOptions = true, versionProvider = Versions.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Runs an egressfed hub: keeps intents and egress IP pools in etcd, allocates addresses, compiles and "
                    + "signs one config per member cluster and pushes it to the cluster's agent over mTLS.",
            "",
            "Development:%n  egressfed-hub --dev --apply examples/ --enroll eu-west-1",
            "Production:%n  egressfed-hub --etcd https://etcd-0:2379 --signing-key /keys/signing.pem --ca-dir /ca",
            ""})
public final class HubMain implements java.util.concurrent.Callable<Integer> {

    @Option(names = "--dev", description = "Development mode: in-memory store (nothing survives a restart), "
            + "signing key and CA generated in --data-dir, loopback only unless --bind-address says otherwise.")
    boolean dev;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = ".egressfed-dev",
            description = "Where --dev keeps its generated signing key and CA (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--etcd", paramLabel = "URLS", split = ",",
            description = "etcd client URLs, comma-separated. With --dev, use this etcd instead of the in-memory store.")
    List<String> etcd = new ArrayList<>();

    @Option(names = "--etcd-prefix", paramLabel = "PREFIX", defaultValue = "/egressfed/v1alpha1/",
            description = "Key prefix in etcd (default: ${DEFAULT-VALUE}).")
    String etcdPrefix;

    @Option(names = "--signing-key", paramLabel = "FILE",
            description = "Ed25519 config-signing private key (PKCS#8 PEM). Required without --dev.")
    Path signingKey;

    @Option(names = "--previous-signing-key", paramLabel = "FILE",
            description = "Public key (PEM) of a previous signing key, still announced during a rotation. Repeatable.")
    List<Path> previousSigningKeys = new ArrayList<>();

    @Option(names = "--ca-dir", paramLabel = "DIR",
            description = "Hub CA directory (ca.crt, ca.key; created when missing). Required without --dev.")
    Path caDir;

    @Option(names = "--bind-address", paramLabel = "ADDR",
            description = "Address to listen on (default: 127.0.0.1 with --dev, else 0.0.0.0).")
    String bindAddress;

    @Option(names = "--grpc-port", paramLabel = "PORT", defaultValue = "7443",
            description = "Spoke link port, gRPC with mTLS (default: ${DEFAULT-VALUE}; 0 picks a free port).")
    int grpcPort;

    @Option(names = "--http-port", paramLabel = "PORT", defaultValue = "7080",
            description = "Ops port: /healthz, /readyz, /metrics (default: ${DEFAULT-VALUE}; 0 picks a free port).")
    int httpPort;

    @Option(names = "--admin-port", paramLabel = "PORT", defaultValue = "7444",
            description = "Admin API port, REST/JSON for egressctl (default: ${DEFAULT-VALUE}; 0 picks a free port). "
                    + "TLS with the hub's server certificate, plain HTTP with --dev or --admin-plaintext.")
    int adminPort;

    @Option(names = "--admin-plaintext", description = "Serve the admin API over plain HTTP without --dev (only "
            + "behind a TLS-terminating proxy).")
    boolean adminPlaintext;

    @Option(names = "--server-name", paramLabel = "DNS",
            description = "DNS name agents dial, put in the server certificate. Repeatable (default: localhost).")
    List<String> serverNames = new ArrayList<>();

    @Option(names = "--server-address", paramLabel = "IP",
            description = "IP address agents dial, put in the server certificate. Repeatable (default: 127.0.0.1).")
    List<String> serverAddresses = new ArrayList<>();

    @Option(names = "--lease-duration", paramLabel = "DURATION", defaultValue = "PT5S",
            converter = DurationConverter.class,
            description = "Lease of an ActivePassive assignment, e.g. 5s (default: 5s; at least 2s).")
    Duration leaseDuration;

    @Option(names = "--lease-margin", paramLabel = "DURATION", defaultValue = "PT1S",
            converter = DurationConverter.class,
            description = "Safety margin the coordinator adds to the lease before it activates another cluster "
                    + "for an intent whose withdrawn cluster never ACKed, e.g. 1s (default: 1s).")
    Duration leaseMargin;

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
            converter = DurationConverter.class,
            description = "How long membership must be stable before the split-brain resolver (keep-majority) downs "
                    + "the minority side (default: 10s).")
    Duration splitBrainStableAfter;

    @Option(names = "--apply", paramLabel = "FILE|DIR",
            description = "Create or update the resources in these manifests at start (YAML files). Repeatable.")
    List<Path> apply = new ArrayList<>();

    @Option(names = "--enroll", paramLabel = "CLUSTER",
            description = "At start, issue a single-use bootstrap token for this cluster and print the agent command "
                    + "line. Repeatable.")
    List<String> enroll = new ArrayList<>();

    @Spec
    CommandLine.Model.CommandSpec spec;

    private final PrintStream out;
    private final CountDownLatch stop;

    /**
     * Creates the command writing to {@code out}, running until {@code stop} opens.
     *
     * @param out where the start-up summary goes
     * @param stop opened to shut the hub down (the JVM's shutdown hook opens it in {@link #main})
     */
    public HubMain(PrintStream out, CountDownLatch stop) {
        this.out = out;
        this.stop = stop;
    }

    /**
     * Runs the hub until interrupted.
     *
     * @param args command-line arguments
     */
    public static void main(String[] args) {
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "hub-shutdown"));
        System.exit(new CommandLine(new HubMain(System.out, stop)).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        HubSettings settings = settings();
        List<Manifest> manifests = readManifests();
        try (HubServer hub = HubServer.start(settings)) {
            out.printf("egressfed hub %s%n", Versions.version());
            out.printf("  store:        %s%n", settings.inMemory() ? "in-memory (development: nothing survives a restart)"
                    : "etcd " + String.join(",", settings.etcdEndpoints()));
            out.printf("  spoke link:   %s:%d (gRPC, mTLS)%n", settings.grpcAddress().getHostString(), hub.grpcPort());
            out.printf("  ops:          http://%s:%d/healthz /readyz /metrics%n",
                    settings.httpAddress().getHostString(), hub.httpPort());
            out.printf("  admin API:    %s://%s:%d/api/v1alpha1 (egressctl --server)%n",
                    settings.adminPlaintext() ? "http" : "https", settings.adminAddress().getHostString(),
                    hub.adminPort());
            out.printf("  replica:      %s, Pekko cluster %s%n", settings.cluster().replicaName(),
                    hub.cluster().selfAddress());
            out.printf("  CA sha256:    %s%n", hub.caPin().sha256Hex());
            out.printf("  signing key:  %s%n", hub.signingKeyId().hex());
            printInitialAdminToken(hub, settings);
            if (!applyManifests(hub, manifests)) {
                return 1;
            }
            for (String cluster : enroll) {
                printEnrollment(hub, cluster, settings);
            }
            out.flush();
            hub.cluster().terminated().thenRun(() -> {
                if (stop.getCount() > 0) {
                    spec.commandLine().getErr().println("the replica left the Pekko cluster (downed); stopping");
                    stop.countDown();
                }
            });
            stop.await();
            out.println("egressfed hub stopping");
        }
        return 0;
    }

    private HubSettings settings() {
        if (!dev) {
            List<String> missing = new ArrayList<>();
            if (etcd.isEmpty()) {
                missing.add("--etcd");
            }
            if (signingKey == null) {
                missing.add("--signing-key");
            }
            if (caDir == null) {
                missing.add("--ca-dir");
            }
            if (!missing.isEmpty()) {
                throw new ParameterException(spec.commandLine(), "without --dev, " + String.join(", ", missing)
                        + (missing.size() == 1 ? " is" : " are") + " required");
            }
        }
        String bind = bindAddress != null ? bindAddress : dev ? "127.0.0.1" : "0.0.0.0";
        List<String> names = serverNames.isEmpty() && serverAddresses.isEmpty() ? List.of("localhost") : serverNames;
        List<String> addresses = serverNames.isEmpty() && serverAddresses.isEmpty() ? List.of("127.0.0.1")
                : serverAddresses;
        try {
            return new HubSettings(etcd, etcdPrefix, dataDir, Optional.ofNullable(signingKey), previousSigningKeys,
                    caDir != null ? caDir : dataDir.resolve("ca"), new InetSocketAddress(bind, grpcPort),
                    new InetSocketAddress(bind, httpPort), new InetSocketAddress(bind, adminPort),
                    dev || adminPlaintext, names, addresses, leaseDuration, leaseMargin,
                    clusterSettings(bind));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private ClusterSettings clusterSettings(String bind) {
        String name = replicaName != null ? replicaName
                : dev ? "local" : System.getenv().getOrDefault("HOSTNAME", "hub");
        String host = clusterHost != null ? clusterHost : !"0.0.0.0".equals(bind) ? bind : localAddress();
        int port = clusterPort != null ? clusterPort : dev && seedNodes.isEmpty() ? 0 : 7355;
        return new ClusterSettings(name, host, port, seedNodes, discovery, new ClusterSettings.KubernetesDiscovery(
                discoveryPodSelector, managementPort, discoveryContactPoints), splitBrainStableAfter);
    }

    private String localAddress() {
        try {
            return java.net.InetAddress.getLocalHost().getHostAddress();
        } catch (java.net.UnknownHostException e) {
            throw new ParameterException(spec.commandLine(), "--cluster-host: required, this host's address is "
                    + "unknown: " + e.getMessage());
        }
    }

    private void printInitialAdminToken(HubServer hub, HubSettings settings) throws IOException {
        if (hub.initialAdminToken().isEmpty()) {
            return;
        }
        IssuedAdminToken token = hub.initialAdminToken().get();
        out.printf("%nFirst admin token (shown once; only its hash is stored):%n  %s%n", token.secret());
        if (dev) {
            Path file = AdminTokenFiles.writeDevToken(settings.dataDir(), token);
            out.printf("  also written to %s (0600)%n", file);
        }
        out.println();
    }

    /** Reads every --apply manifest before the hub starts, so a typo fails fast with a usage error. */
    private List<Manifest> readManifests() {
        ManifestCodec codec = ManifestCodec.create();
        List<Manifest> manifests = new ArrayList<>();
        for (Path path : apply) {
            try {
                List<Path> files;
                if (Files.isDirectory(path)) {
                    try (Stream<Path> listing = Files.list(path)) {
                        files = listing.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                                .sorted().toList();
                    }
                } else {
                    files = List.of(path);
                }
                for (Path file : files) {
                    manifests.addAll(codec.decode(Files.readString(file), file.toString()));
                }
            } catch (IOException e) {
                throw new ParameterException(spec.commandLine(), "--apply " + path + ": cannot read: " + e);
            } catch (ManifestException e) {
                throw new ParameterException(spec.commandLine(), "--apply " + path + ": " + e.getMessage());
            }
        }
        // Pools and clusters first: intents refer to them.
        List<String> order = List.of("EgressIPPool", "MemberCluster", "EgressIntent");
        return manifests.stream().sorted(java.util.Comparator.comparingInt(m -> order.indexOf(m.kind()))).toList();
    }

    /** Applies the manifests; a refused one ends the start with its reason. */
    private boolean applyManifests(HubServer hub, List<Manifest> manifests) {
        for (Manifest manifest : manifests) {
            try {
                switch (manifest.kind()) {
                    case "EgressIPPool" -> createOrUpdate(hub, ResourceKind.POOL, manifest.as(EgressIPPool.class));
                    case "MemberCluster" -> createOrUpdate(hub, ResourceKind.CLUSTER, manifest.as(MemberCluster.class));
                    case "EgressIntent" -> createOrUpdate(hub, ResourceKind.INTENT, manifest.as(EgressIntent.class));
                    default -> throw new IllegalStateException("unknown kind " + manifest.kind());
                }
                out.printf("  applied:      %s/%s%n", manifest.kind(), manifest.name());
            } catch (CompletionException e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                spec.commandLine().getErr().printf("--apply %s/%s refused: %s%n", manifest.kind(), manifest.name(),
                        cause instanceof ValidationException ? cause.getMessage() : cause.toString());
                return false;
            }
        }
        return true;
    }

    private static <T extends com.google.protobuf.Message> void createOrUpdate(HubServer hub, ResourceKind<T> kind,
                                                                              T object) {
        try {
            hub.resources().create(kind, object, "hub:--apply").join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof AlreadyExistsException) {
                hub.resources().update(kind, object, "hub:--apply").join();
            } else {
                throw e;
            }
        }
    }

    private void printEnrollment(HubServer hub, String cluster, HubSettings settings) throws Exception {
        IssuedToken issued = hub.enrollmentTokens().create(cluster).get(10, TimeUnit.SECONDS);
        String host = settings.serverNames().isEmpty() ? settings.serverAddresses().get(0)
                : settings.serverNames().get(0);
        out.printf("%nBootstrap token for cluster %s (single use, expires %s):%n  %s%n", cluster,
                java.time.Instant.ofEpochSecond(issued.stored().getExpiresAt().getSeconds()), issued.token().value());
        out.printf("Start its agent with:%n  bin/egressfed-agent --hub %s:%d --cluster %s --bootstrap-token %s"
                        + " --hub-ca-sha256 %s --hub-signing-key-sha256 %s --state-dir .egressfed-agent-%s%n",
                host, hub.grpcPort(), cluster, issued.token().value(), hub.caPin().sha256Hex(),
                hub.signingKeyId().hex(), cluster);
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

    /** Reads durations as ISO-8601 ({@code PT5S}) or Go-style ({@code 5s}, {@code 1m30s}). */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return GoDurations.parseFlag(value);
        }
    }
}
