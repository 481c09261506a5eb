package io.egressfed.hub;

import io.egressfed.api.manifest.GoDurations;
import io.egressfed.hub.auth.AdminTokenFiles;
import io.egressfed.hub.auth.IssuedAdminToken;
import io.egressfed.hub.pki.IssuedToken;
import io.egressfed.hub.store.EtcdTls;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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

    @Option(names = "--etcd-ca-file", paramLabel = "FILE",
            description = "CA certificates (PEM) that signed etcd's server certificates; turns on TLS toward etcd "
                    + "(https:// endpoints).")
    Path etcdCaFile;

    @Option(names = "--etcd-cert-file", paramLabel = "FILE",
            description = "Client certificate (PEM) for etcd's --client-cert-auth; with --etcd-key-file.")
    Path etcdCertFile;

    @Option(names = "--etcd-key-file", paramLabel = "FILE",
            description = "Private key (PEM: PKCS#8, EC or RSA) of --etcd-cert-file.")
    Path etcdKeyFile;

    @Option(names = "--initial-admin-token-file", paramLabel = "FILE",
            description = "On the first start (no admin token stored yet), store this token (efa_ and 32 characters "
                    + "a-z2-7) as the admin token instead of generating and printing one, e.g. from a Kubernetes "
                    + "Secret.")
    Path initialAdminTokenFile;

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

    @CommandLine.Mixin
    ReplicaClusterOptions replicaCluster = new ReplicaClusterOptions();

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
        StartupManifests manifests = StartupManifests.read(apply, spec.commandLine());
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
            if (initialAdminTokenFile != null) {
                out.printf("  admin token:  from %s (stored on the first start only)%n", initialAdminTokenFile);
            }
            if (!manifests.apply(hub.resources(), out, spec.commandLine().getErr())) {
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
        Optional<EtcdTls> etcdTls = etcdTls();
        if (initialAdminTokenFile != null) {
            try {
                AdminTokenFiles.readInitialToken(initialAdminTokenFile);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--initial-admin-token-file " + e.getMessage());
            }
        }
        try {
            return new HubSettings(etcd, etcdPrefix, dataDir, Optional.ofNullable(signingKey), previousSigningKeys,
                    caDir != null ? caDir : dataDir.resolve("ca"), new InetSocketAddress(bind, grpcPort),
                    new InetSocketAddress(bind, httpPort), new InetSocketAddress(bind, adminPort),
                    dev || adminPlaintext, names, addresses, leaseDuration, leaseMargin,
                    replicaCluster.settings(bind, dev, spec.commandLine()), etcdTls, Optional.ofNullable(initialAdminTokenFile));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** Reads the etcd TLS files now, so that a wrong path or key fails as a usage error naming its flag. */
    private Optional<EtcdTls> etcdTls() {
        if (etcdCaFile == null) {
            if (etcdCertFile != null || etcdKeyFile != null) {
                throw new ParameterException(spec.commandLine(), (etcdCertFile != null ? "--etcd-cert-file"
                        : "--etcd-key-file") + ": needs --etcd-ca-file (TLS toward etcd)");
            }
            return Optional.empty();
        }
        if ((etcdCertFile == null) != (etcdKeyFile == null)) {
            throw new ParameterException(spec.commandLine(), (etcdCertFile == null ? "--etcd-cert-file"
                    : "--etcd-key-file") + ": is required with " + (etcdCertFile == null ? "--etcd-key-file"
                    : "--etcd-cert-file"));
        }
        EtcdTls tls = new EtcdTls(etcdCaFile, Optional.ofNullable(etcdCertFile), Optional.ofNullable(etcdKeyFile));
        try {
            tls.clientContext();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), flagOf(e.getMessage()) + e.getMessage());
        }
        return Optional.of(tls);
    }

    /** The flag whose file an {@link EtcdTls} error message starts with. */
    private String flagOf(String message) {
        if (message.startsWith(etcdCaFile + ":")) {
            return "--etcd-ca-file ";
        }
        if (etcdCertFile != null && message.startsWith(etcdCertFile + ":")) {
            return "--etcd-cert-file ";
        }
        return etcdKeyFile != null && message.startsWith(etcdKeyFile + ":") ? "--etcd-key-file " : "";
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

    /** Reads durations as ISO-8601 ({@code PT5S}) or Go-style ({@code 5s}, {@code 1m30s}). */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return GoDurations.parseFlag(value);
        }
    }
}
