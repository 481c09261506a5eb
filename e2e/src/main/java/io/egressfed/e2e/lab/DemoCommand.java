package io.egressfed.e2e.lab;

import io.egressfed.api.manifest.GoDurations;
import io.egressfed.e2e.lab.demo.Demo;
import io.egressfed.e2e.lab.demo.LabHub;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code egressfed-lab demo}. */
@Command(name = "demo", mixinStandardHelpOptions = true, usageHelpAutoWidth = true, sortOptions = false,
        description = {
            "Starts a hub (real etcd when installed, else the in-memory store), one simulated cluster with a real",
            "agent per MemberCluster of the examples, applies the examples, prints each cluster's assignments and",
            "the objects its agent wrote, fails a gateway node and prints the measured re-point time."})
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--summary-json", paramLabel = "FILE",
            description = "Also write what happened as JSON: clusters, intents, assignments, backend objects, timings.")
    Path summaryJson;

    @Option(names = "--examples", paramLabel = "DIR",
            description = "The manifests to apply (default: ./examples, else the repository's examples/).")
    Path examples;

    @Option(names = "--store", paramLabel = "auto|etcd|memory", defaultValue = "auto",
            description = "Where the hub keeps its state: real etcd if installed (auto, the default), etcd, memory.")
    String store;

    @Option(names = "--nodes", paramLabel = "N", defaultValue = "4",
            description = "Nodes per simulated cluster (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--gateways", paramLabel = "N", defaultValue = "2",
            description = "Gateway nodes among them (default: ${DEFAULT-VALUE}).")
    int gateways;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "60s",
            description = "Longest any single wait may take, e.g. 60s (default: ${DEFAULT-VALUE}).")
    String timeout;

    @Spec
    CommandSpec spec;

    private final PrintStream out;

    DemoCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() {
        Demo.Options options = options();
        try {
            new Demo(options, out).run();
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted");
        } catch (Exception e) {
            return fail(LabFailures.describe(e));
        }
    }

    private Demo.Options options() {
        LabHub.StoreChoice choice = switch (store) {
            case "auto" -> LabHub.StoreChoice.AUTO;
            case "etcd" -> LabHub.StoreChoice.ETCD;
            case "memory" -> LabHub.StoreChoice.MEMORY;
            default -> throw new ParameterException(spec.commandLine(),
                    "--store: expected auto, etcd or memory, got '" + store + "'");
        };
        if (nodes < 1 || gateways < 1 || gateways > nodes) {
            throw new ParameterException(spec.commandLine(),
                    "--nodes/--gateways: need 1 <= gateways <= nodes, got nodes=" + nodes + " gateways=" + gateways);
        }
        Duration wait;
        try {
            wait = GoDurations.parseFlag(timeout);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--timeout: " + e.getMessage());
        }
        return new Demo.Options(Optional.ofNullable(examples), Optional.ofNullable(summaryJson), choice, nodes,
                gateways, wait);
    }

    private int fail(String reason) {
        out.flush();
        CommandLine cli = spec.commandLine();
        cli.getErr().println("egressfed-lab demo failed: " + reason);
        cli.getErr().flush();
        return 1;
    }
}
