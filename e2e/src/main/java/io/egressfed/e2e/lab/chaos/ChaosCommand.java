package io.egressfed.e2e.lab.chaos;

import io.egressfed.api.manifest.GoDurations;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code egressfed-lab chaos}: random faults against a real etcd, hub replicas and simulated clusters. */
@Command(name = "chaos", mixinStandardHelpOptions = true, usageHelpAutoWidth = true, sortOptions = false,
        description = {
            "Runs N chaos runs on loopback. Each starts a real etcd, hub replica processes and simulated clusters",
            "(one process each, agents reaching the hub through a TCP proxy), applies a pool, clusters, ActivePassive",
            "and PerCluster intents, injects faults drawn from the seed while updating intents through the admin API,",
            "heals everything, and checks: no two clusters ever held one IP, no IP was allocated twice, no",
            "acknowledged write was lost, and everything converged. Prints one line per run and exits 1 on any",
            "violation. Run i uses seed S+i-1, so `--runs 1 --seed X` replays one run's faults."})
public final class ChaosCommand implements Callable<Integer> {

    @Option(names = "--runs", paramLabel = "N", defaultValue = "1", description = "Runs (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
            description = "Seed of the first run (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--replicas", paramLabel = "R", defaultValue = "3",
            description = "Hub replicas (default: ${DEFAULT-VALUE}; 1 while the hub cannot form a cluster).")
    int replicas;

    @Option(names = "--clusters", paramLabel = "C", defaultValue = "3",
            description = "Simulated member clusters, 1.." + ChaosScenario.MAX_CLUSTERS + " (default: ${DEFAULT-VALUE}).")
    int clusters;

    @Option(names = "--duration", paramLabel = "DURATION", defaultValue = "20s",
            description = "Length of each run's fault phase, e.g. 30s (default: ${DEFAULT-VALUE}).")
    String duration;

    @Option(names = "--faults", paramLabel = "F[,F...]", split = ",",
            defaultValue = "kill-hub,restart-etcd,cut-link,fail-node,kill-agent,stop-agent",
            description = "Faults to draw from (default: ${DEFAULT-VALUE}).")
    List<String> faults;

    @Option(names = "--converge-timeout", paramLabel = "DURATION", defaultValue = "60s",
            description = "How long the lab may take to converge, before the faults and after healing"
                    + " (default: ${DEFAULT-VALUE}).")
    String convergeTimeout;

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "Where runs keep logs, hold journals and event logs (default: a directory under java.io.tmpdir).")
    Path workDir;

    @Spec
    CommandSpec spec;

    private final PrintStream out;

    /** @param out where run lines and the summary go */
    public ChaosCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() {
        ChaosRun.Options options = options();
        HubCommandLine hub = HubMainCommandLine.detect();
        out.printf("chaos: %s; %d simulated cilium clusters; faults %s; %s of faults per run; runs keep their"
                        + " logs under %s%n", hub.describe(replicas), clusters,
                options.faults().stream().map(Fault::flag).collect(Collectors.joining(",")),
                duration, options.workDir());
        out.flush();
        ChaosRun run = new ChaosRun(options, hub, JavaCommand.ofThisJvm());
        int passed = 0;
        int failed = 0;
        for (int i = 0; i < runs; i++) {
            long runSeed = seed + i;
            long started = System.nanoTime();
            try {
                ChaosRun.Result result = run.run(runSeed);
                print(i + 1, result, System.nanoTime() - started);
                if (result.passed()) {
                    passed++;
                } else {
                    failed++;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                out.printf("run %d seed %d: interrupted%n", i + 1, runSeed);
                failed++;
                break;
            } catch (Exception e) {
                out.printf(Locale.ROOT, "run %d seed %d: ERROR %s (%.1f s)%n", i + 1, runSeed, describe(e),
                        (System.nanoTime() - started) / 1e9);
                failed++;
            }
            out.flush();
        }
        out.printf("%d passed, %d failed%n", passed, failed);
        out.flush();
        return failed == 0 ? 0 : 1;
    }

    private void print(int index, ChaosRun.Result result, long tookNanos) {
        out.printf(Locale.ROOT, "run %d seed %d: faults %s; failovers %d, max failover %.3f s; %s; %s (%.1f s)%n",
                index, result.seed(), result.plan().summary(), result.failovers().count(),
                result.failovers().maxNanos() / 1e9,
                result.convergedNanos() < 0 ? "did not converge"
                        : String.format(Locale.ROOT, "converged %.1f s after healing", result.convergedNanos() / 1e9),
                result.passed() ? "PASS" : "FAIL, " + result.violations().size() + " violation(s)", tookNanos / 1e9);
        result.violations().forEach(violation -> out.println("  " + violation));
        if (!result.passed()) {
            out.println("  logs: " + result.directory());
        }
    }

    private ChaosRun.Options options() {
        if (runs < 1) {
            throw new ParameterException(spec.commandLine(), "--runs: expected at least 1, got " + runs);
        }
        if (replicas < 1) {
            throw new ParameterException(spec.commandLine(), "--replicas: expected at least 1, got " + replicas);
        }
        ChaosScenario scenario;
        Set<Fault> chosen;
        try {
            scenario = new ChaosScenario(clusters);
            chosen = Fault.parse(faults);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        Duration phase = duration("--duration", duration);
        if (phase.toSeconds() < 10) {
            throw new ParameterException(spec.commandLine(), "--duration: expected at least 10s, got " + duration);
        }
        Path work = workDir != null ? workDir : Path.of(System.getProperty("java.io.tmpdir"), "egressfed-chaos");
        return new ChaosRun.Options(replicas, scenario, phase, chosen, duration("--converge-timeout", convergeTimeout),
                work.toAbsolutePath());
    }

    private Duration duration(String option, String text) {
        try {
            return GoDurations.parseFlag(text);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), option + ": " + e.getMessage());
        }
    }

    private static String describe(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof ExecutionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.toString() : cause.getMessage();
    }
}
