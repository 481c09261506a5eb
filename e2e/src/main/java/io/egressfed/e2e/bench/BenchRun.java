package io.egressfed.e2e.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.egressfed.e2e.lab.demo.LabHub;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Runs the scenarios in order against one hub with real etcd, prints each scenario's tables as it
 * finishes, and writes the JSON report with the machine noted.
 */
public final class BenchRun {

    private final BenchOptions options;
    private final PrintStream out;
    private final Function<LabHub, List<Scenario>> scenarios;

    /**
     * @param options how the run is sized
     * @param out where tables are printed
     * @param scenarios the scenarios to run, built on the run's hub
     */
    public BenchRun(BenchOptions options, PrintStream out, Function<LabHub, List<Scenario>> scenarios) {
        this.options = options;
        this.out = out;
        this.scenarios = scenarios;
    }

    /**
     * The standard scenarios in their order: floor, propagation, failover (in-cluster, cross-cluster),
     * IPAM race, agent apply, scale.
     *
     * @param options how they are sized
     * @return the scenarios of one run on a hub
     */
    public static Function<LabHub, List<Scenario>> standard(BenchOptions options) {
        return standard(options, Set.of());
    }

    /** The names of the standard scenarios, in order. */
    public static final List<String> NAMES = List.of("floor", "propagation", "failoverInCluster",
            "failoverCrossCluster", "ipam", "agentApply", "scale");

    /**
     * The standard scenarios named in {@code only} (all when empty; propagation brings the floor along).
     *
     * @param options how they are sized
     * @param only the names to run
     * @return the scenarios of one run on a hub
     */
    public static Function<LabHub, List<Scenario>> standard(BenchOptions options, Set<String> only) {
        Set<String> unknown = new TreeSet<>(only);
        unknown.removeAll(NAMES);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("--only: unknown scenario(s) " + unknown + "; known: " + NAMES);
        }
        return lab -> {
            FloorScenario floor = new FloorScenario(lab, options.floorIterations());
            return List.of(floor,
                    new PropagationScenario(lab, options.propagationSizes(), options.propagationRounds(), floor),
                    new InClusterFailoverScenario(lab, options.failoverRepeats()),
                    new CrossClusterFailoverScenario(lab, options.failoverRepeats()),
                    new IpamRaceScenario(lab.hub().settings().etcdEndpoints(), options.ipamIntents(),
                            options.ipamPoolPrefix()),
                    new AgentApplyScenario(options.applyAssignments()),
                    new ScaleScenario(lab, options.scaleAgents(), Duration.ofSeconds(options.scaleHold())))
                    .stream()
                    .filter(s -> only.isEmpty() || only.contains(s.name())
                            || s.name().equals("floor") && only.contains("propagation"))
                    .toList();
        };
    }

    /**
     * Runs every scenario.
     *
     * @return the reports, in order
     * @throws Exception when a scenario fails; the scenarios before it were printed
     */
    public List<ScenarioReport> run() throws Exception {
        Machine machine = Machine.current();
        Instant started = Instant.now();
        out.println("egressfed benchmarks (" + (options.quick() ? "quick" : "full") + " run), " + started);
        out.println("machine: " + machine.describe());
        List<ScenarioReport> reports = new ArrayList<>();
        try (LabHub lab = LabHub.start(LabHub.StoreChoice.ETCD)) {
            out.println("hub: in this process; store " + lab.storeDescription());
            for (Scenario scenario : scenarios.apply(lab)) {
                long begin = System.nanoTime();
                ScenarioReport report = scenario.run();
                reports.add(report);
                print(report, System.nanoTime() - begin);
            }
        }
        if (options.out().isPresent()) {
            write(options.out().get(), machine, started, reports);
            out.println("JSON report written to " + options.out().get());
        }
        return reports;
    }

    private void print(ScenarioReport report, long tookNanos) {
        out.println();
        for (ResultTable table : report.tables()) {
            table.render().forEach(out::println);
        }
        report.notes().forEach(note -> out.println("  " + note));
        out.printf("  (%s took %.1f s)%n", report.name(), tookNanos / 1e9);
    }

    private void write(Path file, Machine machine, Instant started, List<ScenarioReport> reports) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("startedAt", started.toString());
        json.put("quick", options.quick());
        json.put("machine", machine);
        Map<String, Object> sizing = new LinkedHashMap<>();
        sizing.put("propagationSizes", options.propagationSizes());
        sizing.put("propagationRounds", options.propagationRounds());
        sizing.put("floorIterations", options.floorIterations());
        sizing.put("failoverRepeats", options.failoverRepeats());
        sizing.put("ipamIntents", options.ipamIntents());
        sizing.put("ipamPoolPrefix", options.ipamPoolPrefix());
        sizing.put("applyAssignments", options.applyAssignments());
        sizing.put("scaleAgents", options.scaleAgents());
        sizing.put("scaleHoldSeconds", options.scaleHold());
        json.put("options", sizing);
        Map<String, Object> byName = new LinkedHashMap<>();
        for (ScenarioReport report : reports) {
            Map<String, Object> entry = new LinkedHashMap<>(report.figures());
            entry.put("notes", report.notes());
            entry.put("tables", report.tables());
            byName.put(report.name(), entry);
        }
        json.put("scenarios", byName);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        new ObjectMapper().findAndRegisterModules().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), json);
    }
}
