package io.egressfed.e2e.bench;

import java.io.PrintStream;
import io.egressfed.e2e.lab.demo.LabHub;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code egressfed-lab bench}. */
@Command(name = "bench", mixinStandardHelpOptions = true, usageHelpAutoWidth = true, sortOptions = false,
        description = {
            "Benchmarks against the floor, on this machine: propagation of one intent change to N clusters, the",
            "floor (etcd transaction, loopback gRPC round trip, Ed25519 sign+verify), gateway failover in a cluster",
            "and across clusters, the IPAM race of three hub stores on one etcd, one agent applying many",
            "assignments, and connected agents held by one hub replica. Needs an etcd binary (make test-deps)."})
public final class BenchCommand implements Callable<Integer> {

    @Option(names = "--quick", description = "The reduced set (under 3 minutes; CI smoke run). Default: the full run.")
    boolean quick;

    @Option(names = "--out", paramLabel = "FILE", description = "Also write the figures and the machine as JSON.")
    Path out;

    @Option(names = "--agents", paramLabel = "N",
            description = "Connected agents for the scale scenario (default: 1000, or 100 with --quick).")
    Integer agents;

    @Option(names = "--only", paramLabel = "NAME", split = ",",
            description = "Run only these scenarios: floor, propagation, failoverInCluster, failoverCrossCluster,"
                    + " ipam, agentApply, scale (comma-separated; default: all).")
    Set<String> only = new TreeSet<>();

    @Spec
    CommandSpec spec;

    private final PrintStream printer;

    /** @param printer where the tables go */
    public BenchCommand(PrintStream printer) {
        this.printer = printer;
    }

    @Override
    public Integer call() throws Exception {
        int scaleAgents = agents != null ? agents : quick ? 100 : 1000;
        if (scaleAgents < 1) {
            throw new ParameterException(spec.commandLine(), "--agents: must be at least 1, got " + scaleAgents);
        }
        BenchOptions options = BenchOptions.of(quick, scaleAgents, Optional.ofNullable(out));
        Function<LabHub, List<Scenario>> scenarios;
        try {
            scenarios = BenchRun.standard(options, only);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        new BenchRun(options, printer, scenarios).run();
        return 0;
    }
}
