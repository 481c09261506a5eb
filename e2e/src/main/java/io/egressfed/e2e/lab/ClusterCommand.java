package io.egressfed.e2e.lab;

import io.egressfed.agent.link.LinkStatus;
import io.egressfed.api.pki.BootstrapToken;
import io.egressfed.api.pki.CaPin;
import io.egressfed.api.v1alpha1.Backend;
import io.egressfed.api.v1alpha1.LabelSelector;
import io.egressfed.api.v1alpha1.MemberCluster;
import io.egressfed.e2e.lab.chaos.ControlChannel;
import io.egressfed.e2e.lab.cluster.ClusterSeed;
import io.egressfed.e2e.lab.cluster.SimulatedNode;
import io.egressfed.e2e.lab.dataplane.DataplaneObserver;
import io.egressfed.e2e.lab.dataplane.HoldJournal;
import io.egressfed.e2e.lab.examples.ExampleManifests;
import io.egressfed.e2e.lab.examples.ExampleSeeds;
import io.egressfed.e2e.lab.examples.ManifestNames;
import io.egressfed.e2e.lab.spoke.HubAccess;
import io.egressfed.e2e.lab.spoke.LabSpoke;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code egressfed-lab cluster}: one simulated cluster with its agent, as its own process. */
@Command(name = "cluster", mixinStandardHelpOptions = true, usageHelpAutoWidth = true, sortOptions = false,
        description = {
            "Runs one simulated cluster (fabric8 mock API server on loopback, simulated kube-vip for the kube-vip",
            "and cilium-vip backends) and a real agent enrolled with the hub, until interrupted. Namespaces and pods",
            "follow the example intents; cilium gateway nodes carry the first addresses of the example pools.",
            "",
            "  egressfed-hub --dev --apply examples/pools.yaml --apply examples/clusters.yaml --enroll eu-west-1",
            "  egressfed-lab cluster --name eu-west-1 --backend cilium --hub 127.0.0.1:7443 \\",
            "      --bootstrap-token TOKEN --hub-ca-sha256 HEX --hub-signing-key-sha256 HEX"})
final class ClusterCommand implements Callable<Integer> {

    @Option(names = "--name", required = true, paramLabel = "CLUSTER", description = "The cluster's name, as enrolled.")
    String name;

    @Option(names = "--hub", required = true, paramLabel = "HOST:PORT", description = "The hub's spoke-link address.")
    String hub;

    @Option(names = "--bootstrap-token", paramLabel = "TOKEN",
            description = "The single-use enrollment token the hub printed for this cluster.")
    String bootstrapToken;

    @Option(names = "--hub-ca-sha256", required = true, paramLabel = "HEX", description = "The hub CA fingerprint.")
    String caSha256;

    @Option(names = "--hub-signing-key-sha256", required = true, paramLabel = "HEX",
            description = "Id of a hub signing key to trust configs from (the hub prints it). Repeatable.")
    List<String> signingKeyIds = new ArrayList<>();

    @Option(names = "--backend", required = true, paramLabel = "cilium|kube-vip|cilium-vip",
            description = "The backend the simulated cluster offers; must match the MemberCluster's.")
    String backend;

    @Option(names = "--nodes", paramLabel = "K", defaultValue = "3",
            description = "Nodes in the simulated cluster (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--gateways", paramLabel = "G", defaultValue = "2",
            description = "Gateway nodes among them (default: ${DEFAULT-VALUE}, at most --nodes).")
    int gateways;

    @Option(names = "--egress-ips", paramLabel = "IP[,IP...]", split = ",",
            description = "The egress addresses each gateway node carries (default for cilium: the first addresses"
                    + " of every example pool routable in the cluster).")
    List<String> egressIps;

    @Option(names = "--examples", paramLabel = "DIR",
            description = "The manifests the workloads follow (default: ./examples, else the repository's).")
    Path examples;

    @Option(names = "--holds-file", paramLabel = "FILE",
            description = "Append the start and end of every hold (cluster, egress IP, gateway node, System.nanoTime)"
                    + " to FILE as JSON lines, as the simulated dataplane sees them (for the chaos runner).")
    Path holdsFile;

    @Option(names = "--control-stdin",
            description = "Take commands on standard input (clock, fail-node NODE, restore-node NODE, stop-agent,"
                    + " start-agent) and stop when it ends (for the chaos runner).")
    boolean controlStdin;

    @Spec
    CommandSpec spec;

    private final PrintStream out;
    private final CountDownLatch stop;

    ClusterCommand(PrintStream out, CountDownLatch stop) {
        this.out = out;
        this.stop = stop;
    }

    @Override
    public Integer call() throws Exception {
        Backend chosen = backend();
        HubAccess access = access();
        Optional<BootstrapToken> token = token();
        int gatewayCount = Math.min(gateways, nodes);
        ExampleManifests manifests = ExampleManifests.load(ExampleManifests.locate(Optional.ofNullable(examples)));
        Optional<MemberCluster> declared = manifests.cluster(name);
        LabelSelector gatewaySelector = declared.map(c -> c.getSpec().getGateway().getNodeSelector())
                .orElse(LabelSelector.getDefaultInstance());
        ClusterSeed seed;
        try {
            seed = withEgressIps(ExampleSeeds.seed(manifests, name, chosen,
                    declared.map(c -> c.getMetadata().getLabelsMap()), gatewaySelector, nodes, gatewayCount));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        ScheduledExecutorService reporter = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "lab-cluster-report");
            thread.setDaemon(true);
            return thread;
        });
        try (LabSpoke spoke = LabSpoke.start(seed, chosen, ExampleSeeds.gatewayLabels(gatewaySelector),
                System::nanoTime);
             AutoCloseable journal = recordHolds(spoke)) {
            spoke.connect(access, token);
            out.printf("simulated cluster %s (%s backend)%n", name, ManifestNames.of(chosen));
            out.printf("  API server  %s (fabric8 mock, CRUD mode)%n", spoke.cluster().apiServerUrl());
            for (SimulatedNode node : seed.nodes()) {
                out.printf("  node        %s%s%n", node.name(), node.egressIps().isEmpty() ? ""
                        : " gateway, carries " + String.join(",", node.egressIps()));
            }
            out.printf("  kube-vip    %s%n", spoke.kubeVip().isPresent() ? "simulated" : "none");
            out.printf("  agent       connecting to %s; Ctrl-C stops%n", hub);
            out.flush();
            AtomicReference<String> last = new AtomicReference<>("");
            reporter.scheduleWithFixedDelay(() -> spoke.agent().ifPresent(agent -> {
                LinkStatus status = agent.linkStatus();
                String line = String.format(Locale.ROOT, "  link %s, applied config v%d%s", status.state(),
                        status.appliedVersion(), status.lastError().isEmpty() ? "" : " (" + status.lastError() + ")");
                if (!line.equals(last.getAndSet(line))) {
                    out.println(line);
                    out.flush();
                }
            }), 0, 500, TimeUnit.MILLISECONDS);
            if (controlStdin) {
                serveControl(new ControlChannel(spoke, access, out));
            }
            stop.await();
            out.println("stopping");
        } finally {
            reporter.shutdownNow();
        }
        return 0;
    }

    /** Observes the cluster's holds into {@link #holdsFile}; nothing when not asked to. */
    private AutoCloseable recordHolds(LabSpoke spoke) {
        if (holdsFile == null) {
            return () -> { };
        }
        HoldJournal journal = HoldJournal.append(holdsFile);
        DataplaneObserver observer = new DataplaneObserver(System::nanoTime, journal);
        try {
            observer.watch(name, spoke.cluster().client());
        } catch (RuntimeException failure) {
            journal.close();
            throw failure;
        }
        return () -> {
            observer.close();
            journal.close();
        };
    }

    /** Serves commands from standard input on a thread of its own; its end stops the cluster. */
    private void serveControl(ControlChannel control) {
        Thread reader = new Thread(() -> {
            try {
                control.serve(System.in);
            } catch (IOException e) {
                spec.commandLine().getErr().println("control channel failed: " + e.getMessage());
            } finally {
                stop.countDown();
            }
        }, "lab-cluster-control");
        reader.setDaemon(true);
        reader.start();
    }

    private Backend backend() {
        return ManifestNames.parse(Backend.getDescriptor(), backend)
                .map(value -> Backend.forNumber(value.getNumber()))
                .orElseThrow(() -> new ParameterException(spec.commandLine(), "--backend: expected one of "
                        + ManifestNames.allowed(Backend.getDescriptor()) + ", got '" + backend + "'"));
    }

    private HubAccess access() {
        CaPin pin;
        try {
            pin = CaPin.parse(caSha256);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--hub-ca-sha256: " + e.getMessage());
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
        if (!hub.matches("[^:]+:\\d{1,5}|\\[[0-9a-fA-F:]+]:\\d{1,5}")) {
            throw new ParameterException(spec.commandLine(), "--hub: expected HOST:PORT, got '" + hub + "'");
        }
        return new HubAccess(hub, pin, ids);
    }

    private Optional<BootstrapToken> token() {
        if (bootstrapToken == null || bootstrapToken.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(BootstrapToken.parse(bootstrapToken.trim()));
        } catch (IllegalArgumentException e) {
            // The parser's message never quotes the token.
            throw new ParameterException(spec.commandLine(), "--bootstrap-token: " + e.getMessage());
        }
    }

    private ClusterSeed withEgressIps(ClusterSeed seed) {
        if (egressIps == null) {
            return seed;
        }
        List<SimulatedNode> replaced = seed.nodes().stream()
                .map(n -> n.labels().isEmpty() ? n : new SimulatedNode(n.name(), n.labels(), egressIps))
                .toList();
        return new ClusterSeed(seed.cluster(), replaced, seed.namespaces());
    }
}
