package io.egressfed.e2e.lab.chaos;

import com.google.protobuf.util.JsonFormat;
import io.egressfed.api.v1alpha1.EnrollmentTokenResponse;
import io.egressfed.testsupport.EtcdBinary;
import io.egressfed.testsupport.EtcdLauncher;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One chaos run: starts the lab, applies the scenario, injects the seed's faults while writing through
 * the admin API, heals everything, waits (bounded) for convergence, then checks the history.
 */
final class ChaosRun {

    /**
     * How runs are shaped.
     *
     * @param replicas        hub replicas requested
     * @param scenario        clusters and intents
     * @param duration        the chaos phase
     * @param faults          the faults to draw from
     * @param convergeTimeout how long the lab may take to converge, at start and after healing
     * @param workDir         where each run keeps its logs, journals and manifests
     */
    record Options(int replicas, ChaosScenario scenario, Duration duration, Set<Fault> faults,
            Duration convergeTimeout, Path workDir) {
    }

    /**
     * What a run found.
     *
     * @param seed             its seed
     * @param plan             the faults injected
     * @param replicas         hub replicas that ran
     * @param failovers        cross-cluster moves seen in the holds
     * @param convergedNanos   how long convergence took after healing; negative when it did not
     * @param violations       broken invariants
     * @param directory        the run's logs and journals
     */
    record Result(long seed, FaultPlan plan, int replicas, Failovers failovers, long convergedNanos,
            List<Violation> violations, Path directory) {
        boolean passed() {
            return violations.isEmpty();
        }
    }

    private static final long WRITE_PERIOD_MILLIS = 1_000;
    private static final long READ_PERIOD_MILLIS = 1_000;

    private final Options options;
    private final HubCommandLine hubCommandLine;
    private final JavaCommand java;
    private final InvariantChecker checker = new InvariantChecker();

    ChaosRun(Options options, HubCommandLine hubCommandLine, JavaCommand java) {
        this.options = options;
        this.hubCommandLine = hubCommandLine;
        this.java = java;
    }

    Result run(long seed) throws Exception {
        Path directory = Files.createTempDirectory(Files.createDirectories(options.workDir()), "run-" + seed + "-");
        Path etcdBinary = EtcdBinary.locate().orElseThrow(() -> new IllegalStateException(EtcdBinary.INSTALL_HINT));
        ChaosScenario scenario = options.scenario();
        int replicas = hubCommandLine.replicas(options.replicas());
        long origin = System.nanoTime();
        try (PrintWriter events = new PrintWriter(Files.newBufferedWriter(directory.resolve("events.log"),
                StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND), true);
             ChaosLab lab = new ChaosLab(directory, java, hubCommandLine, EtcdLauncher.startNew(etcdBinary));
             EtcdAllocations allocations = new EtcdAllocations(lab.etcd().endpoint())) {
            Log log = new Log(events, origin);
            lab.startReplicas(replicas);
            log.event("%d hub replica(s) ready", replicas);
            AdminApi admin = lab.adminApi();
            LabState state = new LabState(admin, allocations, lab::journals, scenario);
            Writes writes = new Writes(state, scenario, seed);
            Path manifests = directory.resolve("manifests");
            scenario.write(manifests, "none");
            writes.require("pools", ChaosScenario.POOL);
            for (String cluster : scenario.clusterNames()) {
                writes.require("clusters", cluster);
            }
            List<CompletableFuture<ClusterProcess>> started = new ArrayList<>();
            for (String cluster : scenario.clusterNames()) {
                EnrollmentTokenResponse token = enroll(admin, cluster);
                started.add(lab.startCluster(cluster, manifests, token.getToken(), token.getCaSha256(),
                        token.getSigningKeySha256()));
            }
            await(CompletableFuture.allOf(started.toArray(CompletableFuture[]::new)), 120,
                    "the cluster processes to start (see chaos-*.log in " + directory + ")");
            log.event("%d cluster processes up", scenario.clusters());
            for (ChaosScenario.IntentSpec intent : scenario.intents()) {
                writes.require("intents", intent.name());
            }
            Poll.until("the lab to converge before the faults", options.convergeTimeout(),
                    () -> state.convergence().thenApply(c -> checker.convergence(c.intents(), c.clusters()).isEmpty())
                            .exceptionally(notYet -> false)).get();
            log.event("converged; chaos for %d s", options.duration().toSeconds());

            FaultPlan plan = FaultPlan.draw(seed, options.faults(), options.duration().toMillis(),
                    lab.replicaNames(), scenario.clusterNames(), lab.gateways());
            List<AllocationSnapshot> snapshots = new CopyOnWriteArrayList<>();
            ScheduledExecutorService chaos = Executors.newSingleThreadScheduledExecutor(daemon("chaos-faults"));
            ScheduledExecutorService background = Executors.newScheduledThreadPool(2, daemon("chaos-writes"));
            FaultInjector injector = new FaultInjector(lab, log);
            for (FaultPlan.PlannedFault fault : plan.faults()) {
                chaos.schedule(() -> injector.inject(fault), fault.atMillis(), TimeUnit.MILLISECONDS);
                chaos.schedule(() -> injector.heal(fault), fault.atMillis() + fault.lastsMillis(), TimeUnit.MILLISECONDS);
            }
            background.scheduleWithFixedDelay(writes::next, 0, WRITE_PERIOD_MILLIS, TimeUnit.MILLISECONDS);
            background.scheduleWithFixedDelay(() -> allocations.read().thenAccept(snapshots::add),
                    0, READ_PERIOD_MILLIS, TimeUnit.MILLISECONDS);
            CompletableFuture.runAsync(() -> { },
                    CompletableFuture.delayedExecutor(options.duration().toMillis(), TimeUnit.MILLISECONDS)).get();
            background.shutdown();
            background.awaitTermination(30, TimeUnit.SECONDS);
            // Already scheduled heals still run after shutdown (the executor's default).
            chaos.shutdown();
            chaos.awaitTermination(2, TimeUnit.MINUTES);
            injector.awaitRestarts(Duration.ofMinutes(3));
            log.event("healed; waiting for convergence");

            long healed = System.nanoTime();
            AtomicReference<LabState.Convergence> last = new AtomicReference<>();
            long convergedNanos;
            try {
                Poll.until("convergence after healing", options.convergeTimeout(),
                        () -> state.convergence().thenApply(c -> {
                            last.set(c);
                            return checker.convergence(c.intents(), c.clusters()).isEmpty();
                        }).exceptionally(notYet -> false)).get();
                convergedNanos = System.nanoTime() - healed;
            } catch (java.util.concurrent.ExecutionException timedOut) {
                convergedNanos = -1;
            }
            LabState.Convergence end = last.get() != null ? last.get()
                    : await(state.convergence(), 30, "the final state");
            snapshots.add(end.snapshot());
            List<StoredObject> stored = await(state.stored(), 30, "the stored objects");
            List<Hold> holds = lab.journals().holds(System.nanoTime());
            ChaosHistory history = new ChaosHistory(origin, holds, snapshots, writes.log(), stored, end.intents(),
                    end.clusters());
            List<Violation> violations = checker.check(history);
            violations.forEach(v -> log.event("VIOLATION %s", v));
            log.event("done");
            return new Result(seed, plan, replicas, Failovers.of(holds), convergedNanos, violations, directory);
        }
    }

    private static EnrollmentTokenResponse enroll(AdminApi admin, String cluster) throws Exception {
        AdminApi.Response response = await(admin.post("clusters/" + cluster + ":enroll", "{}"), 30,
                "an enrollment token for " + cluster);
        if (!response.ok()) {
            throw new IllegalStateException("enrolling " + cluster + ": HTTP " + response.status() + " "
                    + response.body());
        }
        EnrollmentTokenResponse.Builder token = EnrollmentTokenResponse.newBuilder();
        JsonFormat.parser().ignoringUnknownFields().merge(response.body(), token);
        return token.build();
    }

    /** Waits for {@code future}; a timeout names what was awaited. */
    static <T> T await(CompletableFuture<T> future, long seconds, String what) throws Exception {
        try {
            return future.get(seconds, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("timed out after " + seconds + " s waiting for " + what, e);
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** The run's event log: what was injected and healed when, relative to the run's start. */
    record Log(PrintWriter out, long origin) {
        void event(String format, Object... arguments) {
            synchronized (out) {
                out.printf(Locale.ROOT, "%8.3f s  %s%n", (System.nanoTime() - origin) / 1e9,
                        String.format(Locale.ROOT, format, arguments));
            }
        }
    }

    /** The admin writes of a run, each with a unique id, in the order sent. */
    static final class Writes {
        private final LabState state;
        private final ChaosScenario scenario;
        private final long seed;
        private final List<AdminWrite> log = new CopyOnWriteArrayList<>();
        private final AtomicInteger counter = new AtomicInteger();

        Writes(LabState state, ChaosScenario scenario, long seed) {
            this.state = state;
            this.scenario = scenario;
            this.seed = seed;
        }

        /** Writes an object of the scenario; fails when the API does not acknowledge it. */
        void require(String kind, String name) throws Exception {
            if (!await(write(kind, name), 30, "the admin API to answer a write of " + kind + "/" + name)) {
                throw new IllegalStateException("the admin API did not accept " + kind + "/" + name
                        + " (see the hub logs)");
            }
        }

        /** One update during the chaos phase: the next intent, round robin. */
        void next() {
            List<ChaosScenario.IntentSpec> intents = scenario.intents();
            String name = intents.get(counter.get() % intents.size()).name();
            // One write at a time keeps the log in commit order; a failure is logged as unacknowledged.
            write("intents", name).handle((acknowledged, failure) -> acknowledged).join();
        }

        private CompletableFuture<Boolean> write(String kind, String name) {
            String writeId = "s" + seed + "-w" + counter.incrementAndGet();
            String yaml = switch (kind) {
                case "pools" -> scenario.pool(writeId);
                case "clusters" -> scenario.cluster(name, writeId);
                default -> scenario.intent(name, writeId);
            };
            return state.apply(kind, name, yaml).whenComplete((acknowledged, failure) ->
                    log.add(new AdminWrite(kind, name, writeId, failure == null && acknowledged)));
        }

        List<AdminWrite> log() {
            return List.copyOf(log);
        }
    }
}
