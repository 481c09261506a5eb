package io.egressfed.e2e.lab;

import io.egressfed.e2e.bench.BenchCommand;
import io.egressfed.e2e.lab.chaos.ChaosCommand;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code egressfed-lab}: the lab's command line ({@code demo}, {@code cluster}, {@code chaos}, {@code bench}). */
@Command(name = "egressfed-lab", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {
            "The egressfed lab: simulated Kubernetes clusters (fabric8 mock API server in CRUD mode, simulated",
            "kube-vip and node failures) driven by real egressfed hubs and agents, on loopback.",
            "",
            "  egressfed-lab demo                 the guided tour (also: make demo)",
            "  egressfed-lab cluster --name ...   one simulated cluster with its agent, until interrupted",
            "  egressfed-lab chaos --runs N       random faults against etcd, hub replicas and clusters; checks invariants",
            "  egressfed-lab bench [--quick]       benchmarks against the floor (see bench/RESULTS.md)"})
public final class LabMain implements Runnable {

    @Spec
    CommandSpec spec;

    /**
     * Runs a subcommand and exits with its status.
     *
     * @param args command-line arguments
     */
    public static void main(String[] args) {
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "lab-shutdown"));
        System.exit(commandLine(System.out, stop).execute(args));
    }

    /**
     * The command line with its subcommands.
     *
     * @param out  where the subcommands print
     * @param stop opened to stop a long-running subcommand ({@code cluster})
     * @return the command line, ready to execute
     */
    public static CommandLine commandLine(PrintStream out, CountDownLatch stop) {
        return new CommandLine(new LabMain())
                .addSubcommand("demo", new DemoCommand(out))
                .addSubcommand("cluster", new ClusterCommand(out, stop))
                .addSubcommand("chaos", new ChaosCommand(out))
                .addSubcommand("bench", new BenchCommand(out));
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
